using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>
/// The spare-parts endpoints as the phone page calls them (issue 24 items 2 and 3): an engineer asks for parts on their
/// own ticket and on a ticket of their queue; another engineer's ticket gets the same answer as an unknown one and
/// records nothing; an engineer-role desk user on no roster is refused; a desk agent keeps access to every ticket.
/// </summary>
public abstract class FieldPartsAccessTests(FieldHub hub)
{
    public sealed class OnSqlite(FieldHub.OnSqlite hub) : FieldPartsAccessTests(hub), IClassFixture<FieldHub.OnSqlite>;

    public sealed class OnPostgreSql(FieldHub.OnPostgreSql hub) : FieldPartsAccessTests(hub), IClassFixture<FieldHub.OnPostgreSql>;

    [Fact]
    public async Task Engineer_RequestsPartsOnOwnAndQueuedTickets_NotOnAnotherEngineers()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var queued = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(1));
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromHours(1));

        foreach (var ticket in new[] { mine, queued })
        {
            var answer = await (await PostAsync(hub.Zhang, ticket)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("PR-", answer.GetProperty("requestNo").GetString(), StringComparison.Ordinal);
            Assert.Equal("unknown", answer.GetProperty("lines")[0].GetProperty("status").GetString());
        }

        var theirs = await PostAsync(hub.Zhang, linas);
        var unknown = await PostAsync(hub.Zhang, "T-NONE-9");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(
            (await unknown.Content.ReadAsStringAsync()).Replace("T-NONE-9", linas, StringComparison.Ordinal),
            await theirs.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Zhang.GetAsync($"/api/field/tickets/{linas}/parts")).StatusCode);
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2315 && e.Message.Contains(linas, StringComparison.Ordinal));

        // Nothing was recorded on li.na's ticket: its own engineer and a desk agent see no request there.
        var linasRequests = await hub.Lina.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{linas}/parts");
        Assert.Equal(0, linasRequests.GetArrayLength());
        var agentView = await hub.Agent.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{mine}/parts");
        Assert.Equal(1, agentView.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(hub.Agent, linas)).StatusCode);
    }

    [Fact]
    public async Task EngineerOnNoRoster_IsRefused_AvailabilityIncluded()
    {
        var mine = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await hub.Ghost.GetAsync("/api/field/parts/BRG-6204")).StatusCode);
        var refused = await PostAsync(hub.Ghost, mine);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not_on_roster", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var availability = await hub.Zhang.GetFromJsonAsync<JsonElement>("/api/field/parts/BRG-6204");
        Assert.False(availability.GetProperty("known").GetBoolean());
    }

    [Fact]
    public async Task Engineer_ReplaysAnotherEngineersRequestId_AnsweredAsUnknown_NotWithTheirRequest()
    {
        // The access check runs in the part request's own transaction, before the repeated request id is looked up:
        // a replayed id must not hand out another engineer's request.
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromHours(1));
        var requestId = Guid.NewGuid().ToString();
        var original = await (await PostAsync(hub.Lina, linas, requestId)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        var replayed = await PostAsync(hub.Zhang, linas, requestId);

        Assert.Equal(HttpStatusCode.NotFound, replayed.StatusCode);
        var body = await replayed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(original.GetProperty("requestNo").GetString()!, body, StringComparison.Ordinal);
        Assert.Equal($"Ticket {linas} was not found.", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
        Assert.Equal(1, (await hub.Lina.GetFromJsonAsync<JsonElement>($"/api/field/tickets/{linas}/parts")).GetArrayLength());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string ticketNo, string? requestId = null) =>
        client.PostAsJsonAsync($"/api/field/tickets/{ticketNo}/parts", new
        {
            requestId = requestId ?? Guid.NewGuid().ToString(),
            lines = new[] { new { itemCode = "BRG-6204", quantity = 2 } },
        });
}
