using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>
/// Hostile part requests (issue 24 item 3), on both stores: each bad body refused with a 400 naming the line and the
/// field, and nothing recorded or sent; unknown, closed and other tickets' ids, missing CSRF header and no session refused.
/// </summary>
public abstract class PartRequestHostileTests(TestStore testStore)
{
    public sealed class OnSqlite() : PartRequestHostileTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PartRequestHostileTests(TestStore.PostgreSql);

    private static readonly string Id = Guid.NewGuid().ToString();

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "zero", Line("SEAL-20", "0"), "line 1 (SEAL-20): quantity is 0; it must be more than 0" },
        { "negative", Line("SEAL-20", "-3"), "line 1 (SEAL-20): quantity is -3" },
        { "text", Line("SEAL-20", "\"abc\""), "line 1 (SEAL-20): quantity must be a number" },
        { "numeric text", Line("SEAL-20", "\"5\""), "line 1 (SEAL-20): quantity must be a number" },
        { "beyond decimal", Line("SEAL-20", "1e400"), "line 1 (SEAL-20): quantity must be a number" },
        { "huge", Line("SEAL-20", "2000000"), "line 1 (SEAL-20): quantity is 2000000; it must be more than 0 and at most 1000000" },
        { "missing quantity", $$"""{"requestId":"{{Id}}","lines":[{"itemCode":"SEAL-20"}]}""", "line 1 (SEAL-20): quantity must be a number" },
        { "second line bad", $$"""{"requestId":"{{Id}}","lines":[{"itemCode":"SEAL-20","quantity":1},{"itemCode":"BRG-6204","quantity":-1}]}""", "line 2 (BRG-6204): quantity is -1" },
        { "long code", Line(new string('A', 65), "1"), "line 1: itemCode is 65 characters long; at most 64" },
        { "control characters", Line("SEAL\\u001b[31m-20", "1"), "line 1: itemCode holds control characters" },
        { "line separator", Line("SEAL\\u2028-20", "1"), "line 1: itemCode holds control characters" },
        { "key separator", Line("SEAL|20", "1"), "line 1: itemCode holds '|'" },
        { "empty code", Line("  ", "1"), "line 1: itemCode is empty" },
        { "code not text", $$"""{"requestId":"{{Id}}","lines":[{"itemCode":6204,"quantity":1}]}""", "line 1: itemCode must be text" },
        { "duplicate", $$"""{"requestId":"{{Id}}","lines":[{"itemCode":"SEAL-20","quantity":1},{"itemCode":"SEAL-20","quantity":2}]}""", "line 2: item SEAL-20 is on line 1 already" },
        { "51 lines", $$"""{"requestId":"{{Id}}","lines":[{{string.Join(",", Enumerable.Range(1, 51).Select(i => $$"""{"itemCode":"P-{{i}}","quantity":1}"""))}}]}""", "lines has 51 entries; at most 50" },
        { "no lines", $$"""{"requestId":"{{Id}}","lines":[]}""", "lines must be a list of at least one" },
        { "line not object", $$"""{"requestId":"{{Id}}","lines":["SEAL-20"]}""", "line 1: each line must be an object" },
        { "no request id", """{"lines":[{"itemCode":"SEAL-20","quantity":1}]}""", "requestId must be the client's UUID" },
        { "bad request id", """{"requestId":"1; DROP TABLE part_requests","lines":[{"itemCode":"SEAL-20","quantity":1}]}""", "requestId must be the client's UUID" },
        { "not json", "SEAL-20 x 1", "The body must be JSON of at most 64 KiB" },
        { "array", "[1,2]", "The body must be a JSON object" },
        { "too big", $$"""{"requestId":"{{Id}}","note":"{{new string('x', 70 * 1024)}}","lines":[]}""", "The body must be JSON of at most 64 KiB" },
    };

    [Fact]
    public async Task Request_BadBodies_Refused400NamingLineAndField_NothingRecordedOrSent()
    {
        var (hub, export) = await PartsHub.StartAsync(testStore);
        await using var _hub = hub;
        await PartsHub.TicketAsync(hub, "T-2026-000911");
        using var client = await PartsHub.SignInAsync(hub, "eng-zhao");

        foreach (var (name, body, expected) in BadBodies().Select(row => ((string)row[0], (string)row[1], (string)row[2])))
        {
            using var response = await client.PostAsync("/api/field/tickets/T-2026-000911/parts", PartsHub.Body(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
            var message = JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
            Assert.True(message.StartsWith(expected, StringComparison.Ordinal), $"{name}: {message}");
            Assert.DoesNotContain('\u001b', message);
        }

        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM part_requests"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM outbox"));
        Assert.Empty(Directory.GetFiles(export));
        Assert.Empty(hub.Logs.Errors);
        // Each refusal is logged once (2322), and none quotes a control character back.
        var refusals = hub.Logs.Entries.Where(e => e.EventId == 2322).ToList();
        Assert.Equal(BadBodies().Count, refusals.Count);
        Assert.All(refusals, e => Assert.DoesNotContain(e.Message, c => char.IsControl(c)));
    }

    [Fact]
    public async Task Request_UnknownClosedOrOtherTicket_NoCsrfOrNoSession_Refused_NothingRecorded()
    {
        var (hub, export) = await PartsHub.StartAsync(testStore);
        await using var _hub = hub;
        await PartsHub.TicketAsync(hub, "T-2026-000921");
        await PartsHub.TicketAsync(hub, "T-2026-000922");
        await PartsHub.TicketAsync(hub, "T-2026-000923", TicketStatus.Closed);
        using var client = await PartsHub.SignInAsync(hub, "eng-zhou");
        var body = PartsHub.Request(Guid.NewGuid().ToString(), ("SEAL-20", 1));

        using var unknown = await client.PostAsync("/api/field/tickets/T-2099-999999/parts", PartsHub.Body(body));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No ticket T-2099-999999.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());

        using var closed = await client.PostAsync("/api/field/tickets/T-2026-000923/parts", PartsHub.Body(body));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Contains("is Closed; parts are requested on open tickets", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same request id on another ticket: refused, not answered with the first ticket's request.
        using var first = await client.PostAsync("/api/field/tickets/T-2026-000921/parts", PartsHub.Body(body));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replayed = await client.PostAsync("/api/field/tickets/T-2026-000922/parts", PartsHub.Body(body));
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("was used for a request on another ticket", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A cross-site form post carries the cookie but not the CSRF header; a stranger has no session.
        using var noCsrf = new HttpRequestMessage(HttpMethod.Post, "/api/field/tickets/T-2026-000921/parts") { Content = PartsHub.Body(PartsHub.Request(Guid.NewGuid().ToString(), ("SEAL-20", 1))) };
        noCsrf.Headers.Add("Cookie", (await TestDeskSignIn.SignInAsync(hub, "eng-zhou", "eng-zhou-Passw0rd!", IntegrationHub.Hub.Host.Desk.DeskRole.Agent, setUser: false)).Cookie);
        using var forged = await hub.Client.SendAsync(noCsrf);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var stranger = await hub.Client.PostAsync("/api/field/tickets/T-2026-000921/parts", PartsHub.Body(PartsHub.Request(Guid.NewGuid().ToString(), ("SEAL-20", 1))));
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Client.GetAsync("/api/field/parts/SEAL-20")).StatusCode);

        // A hostile item code in the availability query.
        using var hostile = await client.GetAsync("/api/field/parts/SEAL%1B%5B31m");
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Contains("holds control characters", await hostile.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM part_requests"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'parts:erp'"));
    }

    private static string Line(string itemCode, string quantity) =>
        $$"""{"requestId":"{{Id}}","lines":[{"itemCode":"{{itemCode}}","quantity":{{quantity}}}]}""";
}
