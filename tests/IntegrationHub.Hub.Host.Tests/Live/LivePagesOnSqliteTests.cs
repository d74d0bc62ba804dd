using System.Net;
using System.Net.Http.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Live;

/// <summary>
/// Issue 18 item 4 on the embedded store: one node, so the SQLite store tells this process's live pages after each
/// commit. The fall-back re-read is set to 10 minutes, so that every event seen here came from the feed.
/// </summary>
public sealed class LivePagesOnSqliteTests
{
    private const string Password = "desk-password-123";

    [Fact]
    public async Task OrderPage_ChangeStored_PageGetsIt_TokenRevokedInProcess_StreamEnds()
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite, "--Hub:Portal:LiveInterval=00:10:00");
        var store = hub.Services.GetRequiredService<IHubStore>();
        await LiveOrders.SeedAsync(store, "C-SQL-1", "SO-SQL-1");
        var token = await hub.IssueTokenAsync("C-SQL-1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-SQL-1/events", token), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var events = new EventStream(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(0m, (await events.NextAsync("progress", cts.Token)).GetProperty("percentProduced").GetDecimal());
        Assert.Equal(ChangeFeedState.InProcess, hub.Services.GetRequiredService<IChangeFeed>().Status.State);

        await LiveOrders.ProduceAsync(store, "SO-SQL-1", 25);
        Assert.Equal(25m, (await events.NextAsync("progress", cts.Token)).GetProperty("percentProduced").GetDecimal());

        // As the desk's admin page revokes (in this process): the page checks its token at once and its stream ends.
        await store.RevokePortalTokensAsync(null, "C-SQL-1", DateTimeOffset.UtcNow, cts.Token);
        await Assert.ThrowsAsync<EndOfStreamException>(() => events.NextAsync("progress", cts.Token));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2141);
    }

    [Fact]
    public async Task DeskQueue_TicketSaved_StreamSendsTheQueue_SignedOutElsewhere_StreamEnds()
    {
        await using var hub = await TestHub.StartAsync(TestStore.Sqlite, "--Hub:Portal:LiveInterval=00:10:00", "--Hub:Desk:SessionCheckInterval=00:00:00");
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("sam", Password, DeskRole.Agent, CancellationToken.None);
        using var desk = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = hub.Client.BaseAddress };
        desk.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        (await desk.PostAsJsonAsync("/api/desk/sign-in", new { userName = "sam", password = Password })).EnsureSuccessStatusCode();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using (var bad = await desk.GetAsync("/api/desk/tickets/events?status=Nope", cts.Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var response = await desk.GetAsync("/api/desk/tickets/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var events = new EventStream(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(0, (await events.NextAsync("queue", cts.Token)).GetProperty("items").GetArrayLength());

        await LiveOrders.OpenTicketAsync(hub.Services.GetRequiredService<IRulesStore>(), "T-SQL-1", "C-SQL-2");
        var queue = await events.NextAsync("queue", cts.Token);
        Assert.Equal("T-SQL-1", queue.GetProperty("items")[0].GetProperty("ticket").GetProperty("ticketNo").GetString());

        // The user is signed out everywhere (a password change): the stream's next read refuses the session and ends.
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("sam", "another-password-456", DeskRole.Agent, CancellationToken.None);
        await Assert.ThrowsAsync<EndOfStreamException>(() => events.NextAsync("queue", cts.Token));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1705);
    }
}
