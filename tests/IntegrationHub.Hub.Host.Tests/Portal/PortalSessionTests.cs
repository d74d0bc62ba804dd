using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Portal;

/// <summary>The portal pages' cookie session, search and live updates, through HTTP (the browser tests drive the pages).</summary>
public sealed class PortalSessionTests
{
    private static HttpClient CookieClient(TestHub hub) => new(new HttpClientHandler { CookieContainer = new CookieContainer() })
    {
        BaseAddress = hub.Client.BaseAddress,
        DefaultRequestHeaders = { { "X-Hub-Portal", "1" } },
    };

    [Fact]
    public async Task SignIn_SetsAStrictHttpOnlyCookie_ThatReadsOrders_UntilTheTokenIsRevoked()
    {
        await using var hub = await TestHub.StartAsync("--Hub:Portal:TokenCacheDuration=00:00:00");
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
        await using var hub = await TestHub.StartAsync();
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
        await using var hub = await TestHub.StartAsync();
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
        await using var hub = await TestHub.StartAsync("--Hub:Portal:LiveInterval=00:00:00.100", "--Hub:Portal:MaxLivePagesPerCustomer=1");
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
