using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Live;

/// <summary>
/// Issue 18 item 4: two hubs (two hosts, each with its node id) on one PostgreSQL database; a change stored through node A
/// reaches the live pages open on node B through LISTEN/NOTIFY, with one listening connection per node whatever the number
/// of pages. The pages' fall-back re-read is set to 10 minutes, so that an event seen here came from the feed.
/// </summary>
public sealed class TwoNodesLiveTests
{
    private const string Password = "desk-password-123";
    private static readonly string[] FeedOnly = ["--Hub:Portal:LiveInterval=00:10:00"];

    [Fact]
    public async Task OrderChangedOnNodeA_ReachesTwentyPagesOnNodeB_NotAnotherCustomersChange_OneListenerPerNode()
    {
        await using var nodes = await Nodes.StartAsync();
        var (a, b) = (nodes.A, nodes.B);
        var storeA = a.Services.GetRequiredService<IHubStore>();
        await LiveOrders.SeedAsync(storeA, "C-LIVE-1", "SO-LIVE-1");
        await LiveOrders.SeedAsync(storeA, "C-LIVE-2", "SO-LIVE-2");
        var token1 = await a.IssueTokenAsync("C-LIVE-1");
        var token2 = await a.IssueTokenAsync("C-LIVE-2");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        // Twenty pages of customer 1's order on node B (the default per-customer limit), and customer 2's own page.
        var pages = new List<(HttpResponseMessage Response, EventStream Events)>();
        for (var i = 0; i < 20; i++)
        {
            pages.Add(await OpenAsync(b, "/api/portal/orders/SO-LIVE-1/events", token1, cts.Token));
        }

        var other = await OpenAsync(b, "/api/portal/orders/SO-LIVE-2/events", token2, cts.Token);
        foreach (var (_, events) in pages)
        {
            Assert.Equal(0m, (await events.NextAsync("progress", cts.Token)).GetProperty("percentProduced").GetDecimal());
        }

        Assert.Equal("SO-LIVE-2", (await other.Events.NextAsync("progress", cts.Token)).GetProperty("orderNo").GetString());

        // Customer 2's order moves first, then customer 1's, both written through node A.
        await LiveOrders.ProduceAsync(storeA, "SO-LIVE-2", 50);
        await LiveOrders.ProduceAsync(storeA, "SO-LIVE-1", 40);

        foreach (var (_, events) in pages)
        {
            // The next event of each page is its own order's change: customer 2's change never appears on it.
            var next = await events.NextAsync("progress", cts.Token);
            Assert.Equal("SO-LIVE-1", next.GetProperty("orderNo").GetString());
            Assert.Equal("C-LIVE-1", next.GetProperty("customerCode").GetString());
            Assert.Equal(40m, next.GetProperty("percentProduced").GetDecimal());
        }

        var moved = await other.Events.NextAsync("progress", cts.Token);
        Assert.Equal(("SO-LIVE-2", 50m), (moved.GetProperty("orderNo").GetString(), moved.GetProperty("percentProduced").GetDecimal()));

        // 21 pages open on B, and one listening connection per node in the database (not one per page).
        var listeners = await ListenersAsync(nodes.Database);
        Assert.Equal(["integrationhub-changes:node-a", "integrationhub-changes:node-b"], listeners);
        Assert.Equal(21, b.Services.GetRequiredService<IChangeFeed>().Status.Subscribers);
        using var health = JsonDocument.Parse(await b.Client.GetStringAsync("/health", cts.Token));
        Assert.Equal("Listening", health.RootElement.GetProperty("changes").GetProperty("state").GetString());

        foreach (var (response, events) in pages.Append(other))
        {
            events.Dispose();
            response.Dispose();
        }
    }

    [Fact]
    public async Task ListenerBackendTerminated_ThenOrderChanged_PageOnNodeBStillGetsIt_AndHealthCountsTheReconnect()
    {
        await using var nodes = await Nodes.StartAsync();
        var (a, b) = (nodes.A, nodes.B);
        var storeA = a.Services.GetRequiredService<IHubStore>();
        await LiveOrders.SeedAsync(storeA, "C-LIVE-3", "SO-LIVE-3");
        var token = await a.IssueTokenAsync("C-LIVE-3");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var page = await OpenAsync(b, "/api/portal/orders/SO-LIVE-3/events", token, cts.Token);
        await page.Events.NextAsync("progress", cts.Token);
        await WaitUntilAsync(() => Task.FromResult(b.Services.GetRequiredService<IChangeFeed>().Status.State == ChangeFeedState.Listening), "node B listening", cts.Token);

        // As an operator's pg_terminate_backend (or a server restart) would: B's listening connection is gone.
        Assert.Equal(1, await ExecuteAsync(nodes.Database,
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PostgreSqlChangeListener.ApplicationNamePrefix}node-b'"));
        await LiveOrders.ProduceAsync(storeA, "SO-LIVE-3", 70);

        // Heard by NOTIFY if B listens again by then, or by the re-read every page makes once B listens again.
        var next = await page.Events.NextAsync("progress", cts.Token);
        Assert.Equal(70m, next.GetProperty("percentProduced").GetDecimal());
        await b.WaitForLogAsync(1702, "Change feed listening again");
        Assert.Contains(b.Logs.Entries, e => e.EventId == 1701);
        // The log entry comes just before the state: wait for the state (the hang guard bounds it).
        var feed = b.Services.GetRequiredService<IChangeFeed>();
        await WaitUntilAsync(() => Task.FromResult(feed.Status.State == ChangeFeedState.Listening && feed.Status.Reconnects >= 1), "node B listening again", cts.Token);
        Assert.Equal(1L, feed.Status.Reconnects);
        Assert.Equal(["integrationhub-changes:node-a", "integrationhub-changes:node-b"], await ListenersAsync(nodes.Database));
        page.Events.Dispose();
        page.Response.Dispose();
    }

    [Fact]
    public async Task DeskQueueStreamOnNodeB_GetsTicketOpenedOnNodeA()
    {
        await using var nodes = await Nodes.StartAsync();
        var (a, b) = (nodes.A, nodes.B);
        await b.Services.GetRequiredService<DeskUsers>().SetAsync("dora", Password, DeskRole.Agent, CancellationToken.None);
        using var desk = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = b.Client.BaseAddress };
        desk.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        (await desk.PostAsJsonAsync("/api/desk/sign-in", new { userName = "dora", password = Password })).EnsureSuccessStatusCode();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        using var response = await desk.GetAsync("/api/desk/tickets/events?status=Open", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new EventStream(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Empty(Tickets(await events.NextAsync("queue", cts.Token)));

        await LiveOrders.OpenTicketAsync(a.Services.GetRequiredService<IRulesStore>(), "T-LIVE-1", "C-LIVE-4");

        Assert.Equal(["T-LIVE-1"], Tickets(await events.NextAsync("queue", cts.Token)));
    }

    private static string[] Tickets(JsonElement queue) =>
        [.. queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("ticket").GetProperty("ticketNo").GetString() ?? string.Empty)];

    private static async Task<(HttpResponseMessage Response, EventStream Events)> OpenAsync(TestHub hub, string path, string token, CancellationToken cancellationToken)
    {
        var response = await hub.Client.SendAsync(hub.Get(path, token), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, new EventStream(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    private static async Task<string[]> ListenersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'integrationhub-changes:%' ORDER BY 1", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static async Task<long> ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            // A poll interval inside a condition wait; cancellationToken is the hang guard.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Node A on a fresh database of the test server, node B on the same database.</summary>
    private sealed class Nodes : IAsyncDisposable
    {
        private Nodes(TestHub a, TestHub b, string database) => (A, B, Database) = (a, b, database);

        public TestHub A { get; }

        public TestHub B { get; }

        public string Database { get; }

        public static async Task<Nodes> StartAsync()
        {
            var folderA = TestHub.NewDataFolder();
            var database = await TestStore.DatabaseAsync(folderA);
            var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. FeedOnly, "--Hub:NodeId=node-a"]);
            var b = await TestHub.StartInAsync(TestHub.NewDataFolder(),
                [.. FeedOnly, "--Hub:NodeId=node-b", "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={database}"]);
            return new Nodes(a, b, database);
        }

        public async ValueTask DisposeAsync()
        {
            // B first: A's disposal drops the database.
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }
}
