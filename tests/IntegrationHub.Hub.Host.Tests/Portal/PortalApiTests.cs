using System.Net;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Portal;

public abstract class PortalApiTests(TestStore testStore)
{
    public sealed class OnSqlite() : PortalApiTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PortalApiTests(TestStore.PostgreSql);

    [Fact]
    public async Task GetOrder_AfterErpExportsDropped_ShowsProgressToItsCustomer()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var order = json.RootElement;
        Assert.Equal("SO-A-001", order.GetProperty("orderNo").GetString());
        Assert.Equal("InProduction", order.GetProperty("stage").GetString());
        Assert.Equal(40m, order.GetProperty("percentProduced").GetDecimal());
        Assert.Equal(2, order.GetProperty("lines").GetArrayLength());
        Assert.Equal("不锈钢法兰 DN200", order.GetProperty("lines")[0].GetProperty("description").GetString());
        Assert.Equal(DateTimeOffset.Parse("2025-10-31T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
            order.GetProperty("promisedDate").GetDateTimeOffset());
        Assert.Empty(hub.Logs.Errors);
    }

    [Fact]
    public async Task GetOrder_ShipmentArrivesLater_MovesToShipped()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        await hub.DropAsync("shipments.csv", PlantFiles.Shipments);
        await hub.WaitForInboxEmptyAsync();
        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Shipped", json.RootElement.GetProperty("stage").GetString());
        var shipment = json.RootElement.GetProperty("shipments")[0];
        Assert.Equal("SF123456789", shipment.GetProperty("trackingNo").GetString());
        Assert.Equal("Shipment", json.RootElement.GetProperty("etaBasis").GetString());
    }

    [Fact]
    public async Task GetOrder_AnotherCustomersOrderOrUnknownNumber_SameNotFound()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var tokenA = await hub.IssueTokenAsync("C001");
        var tokenB = await hub.IssueTokenAsync("C002");

        using var own = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001", tokenB));
        using var foreign = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001", tokenA));
        using var unknown = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-999", tokenA));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var foreignBody = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), foreignBody);
        Assert.DoesNotContain("SO-B-001", foreignBody, StringComparison.Ordinal);
        Assert.DoesNotContain("C002", foreignBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOrder_GuessingOrderNumbers_RevealsNothingOfOtherCustomers()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var tokenB = await hub.IssueTokenAsync("C002");
        string[] guesses = ["SO-A-001", "SO-A-002", "so-a-001", " SO-A-001", "SO-A-001 ", "SO-A-00%", "SO-A-%", "*", "SO-A-001'--", new string('9', 200)];

        foreach (var guess in guesses)
        {
            using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/" + Uri.EscapeDataString(guess), tokenB));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var list = await hub.Client.SendAsync(hub.Get("/api/portal/orders", tokenB));
        var body = await list.Content.ReadAsStringAsync();
        Assert.Contains("SO-B-001", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SO-A-", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOrders_NewestFirstAndPaged()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");

        using var first = await hub.Client.SendAsync(hub.Get("/api/portal/orders?pageSize=1", token));
        using var second = await hub.Client.SendAsync(hub.Get("/api/portal/orders?pageSize=1&page=2", token));
        using var bad = await hub.Client.SendAsync(hub.Get("/api/portal/orders?pageSize=1000", token));

        using var page1 = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var page2 = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("SO-A-002", page1.RootElement.GetProperty("items")[0].GetProperty("orderNo").GetString());
        Assert.True(page1.RootElement.GetProperty("hasMore").GetBoolean());
        Assert.Equal("SO-A-001", page2.RootElement.GetProperty("items")[0].GetProperty("orderNo").GetString());
        Assert.Equal("InProduction", page2.RootElement.GetProperty("items")[0].GetProperty("stage").GetString());
        Assert.False(page2.RootElement.GetProperty("hasMore").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("hubp_not-a-real-token")]
    [InlineData("something-else")]
    public async Task GetOrder_MissingOrWrongToken_Unauthorized(string? token)
    {
        await using var hub = await TestHub.StartAsync(testStore);

        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"error\":\"unauthorized\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOrder_RevokedToken_Unauthorized()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:TokenCacheDuration=00:00:00");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        using (var before = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var (code, output, _) = await hub.RunCommandAsync("portal", "revoke-token", "--customer", "C001");
        using var after = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));

        Assert.Equal(0, code);
        Assert.Contains("1 token(s) revoked", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task GetOrder_OverTheTokenLimit_TooManyRequestsWithRetryAfter()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:RequestsPerMinutePerToken=3");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        var other = await hub.IssueTokenAsync("C002");

        for (var i = 0; i < 3; i++)
        {
            using var ok = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-A-001", token));
        using var otherToken = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001", other));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
    }
}
