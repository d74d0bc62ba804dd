using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Portal;

/// <summary>The portal pages' cookie session, search and live updates, through HTTP (the browser tests drive the pages).</summary>
public abstract class PortalSessionTests(TestStore testStore)
{
    public sealed class OnSqlite() : PortalSessionTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PortalSessionTests(TestStore.PostgreSql);

    internal static HttpClient CookieClient(TestHub hub) => new(new HttpClientHandler { CookieContainer = new CookieContainer() })
    {
        BaseAddress = hub.Client.BaseAddress,
        DefaultRequestHeaders = { { "X-Hub-Portal", "1" } },
    };

    [Fact]
    public async Task SignIn_SetsAStrictHttpOnlyCookie_ThatReadsOrders_UntilTheTokenIsRevoked()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:TokenCacheDuration=00:00:00");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using var client = CookieClient(hub);

        using var signIn = await client.PostAsJsonAsync("/api/portal/session", new { token });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("hub_portal=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("苏州精工机械有限公司", (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/portal/orders/SO-A-001")).StatusCode);

        await hub.RunCommandAsync("portal", "revoke-token", "--customer", "C001");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/portal/orders/SO-A-001")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/api/portal/session")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongTokenOrNoCsrfHeader_Refused()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using var client = CookieClient(hub);

        using var wrong = await client.PostAsJsonAsync("/api/portal/session", new { token = "hubp_not-a-token" });
        using var forged = await hub.Client.PostAsJsonAsync("/api/portal/session", new { token });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("unknown or was revoked", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("A-001", new[] { "SO-A-001" })]
    [InlineData("br-l", new[] { "SO-A-002" })]
    [InlineData("GR-M3", new[] { "SO-A-001" })]
    [InlineData("SO-B", new string[0])]
    [InlineData("%", null)]
    public async Task ListOrders_Search_ByOrderNumberOrItemCode_OnlyTheCustomersOwn(string search, string[]? expected)
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders?search=" + Uri.EscapeDataString(search), token));

        if (expected is null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("bad_search", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            return;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, body.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()).ToArray());
    }

    [Fact]
    public async Task LiveUpdates_SendProgressAtOnceAndOnChange_NotForAnotherCustomersOrder_AndAreCapped()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:LiveInterval=00:00:00.100", "--Hub:Portal:MaxLivePagesPerCustomer=1");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var stream = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001/events", token), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        var first = await NextProgressAsync(reader, cts.Token);
        Assert.Equal("InProduction", first.GetProperty("stage").GetString());

        using (var second = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001/events", token), HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        }

        using (var foreign = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001/events", token), HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        // Nothing else is sent meanwhile: the forecast ETA's drift with the clock is not news.
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        await hub.DropAsync("shipments.csv", PlantFiles.Shipments);
        var next = await NextProgressAsync(reader, cts.Token);

        Assert.Equal("Shipped", next.GetProperty("stage").GetString());
        Assert.Equal("SF123456789", next.GetProperty("shipments")[0].GetProperty("trackingNo").GetString());
    }

    [Fact]
    public async Task SignOut_ThenReplayTheSavedCookie_Unauthorized()
    {
        // The default token cache: sign-out in this process must take effect at once, cache or not.
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Hub-Portal", "1");
        using (var signIn = await client.PostAsJsonAsync("/api/portal/session", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        var saved = cookies.GetCookies(hub.Client.BaseAddress!)["hub_portal"]?.Value ?? throw new InvalidOperationException("No hub_portal cookie.");
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = hub.Client.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", "hub_portal=" + saved);
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/api/portal/orders/SO-A-001")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/portal/session")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/portal/orders/SO-A-001")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await replay.GetAsync("/api/portal/session")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token))).StatusCode);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2140);
    }

    [Fact]
    public async Task LiveUpdates_TokenRevoked_EveryStreamEnds_AndANewTokenOpensAFullQuota()
    {
        // The default quota (20) and the default token cache: the live page re-checks the store, not the cache.
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:LiveInterval=00:00:00.100");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var quota = 20;

        var streams = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < quota; i++)
        {
            var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001/events", token), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            await NextProgressAsync(reader, cts.Token);
            streams.Add((response, reader));
        }

        var (code, _, error) = await hub.RunCommandAsync("portal", "revoke-token", "--customer", "C001");
        Assert.True(code == 0, error);

        // Each stream ends by itself: read to the end of each, whatever it still sends (no time bound but the guard).
        foreach (var (response, reader) in streams)
        {
            while (await reader.ReadLineAsync(cts.Token) is not null)
            {
            }

            reader.Dispose();
            response.Dispose();
        }

        var fresh = await hub.IssueTokenAsync("C001");
        var reopened = new List<HttpResponseMessage>();
        for (var i = 0; i < quota; i++)
        {
            var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001/events", fresh), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            reopened.Add(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        reopened.ForEach(r => r.Dispose());
        Assert.Equal(quota, hub.Logs.Entries.Count(e => e.EventId == 2141));
    }

    [Fact]
    public async Task LiveUpdates_PageSessionSignedOut_StreamEnds()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:LiveInterval=00:00:00.100");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = CookieClient(hub);
        (await client.PostAsJsonAsync("/api/portal/session", new { token }, cts.Token)).EnsureSuccessStatusCode();

        using var stream = await client.GetAsync("/api/portal/orders/SO-A-001/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        await NextProgressAsync(reader, cts.Token);
        (await client.DeleteAsync("/api/portal/session", cts.Token)).EnsureSuccessStatusCode();

        while (await reader.ReadLineAsync(cts.Token) is not null)
        {
        }

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2141);
    }

    private static async Task<JsonElement> NextProgressAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventType = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "progress")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("The event stream ended before a progress event.");
    }
}
