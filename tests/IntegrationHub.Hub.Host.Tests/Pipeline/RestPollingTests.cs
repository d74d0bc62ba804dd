using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>The hub polling a paged ERP API through a mapping file into its store, with faults on the way.</summary>
public abstract class RestPollingTests(TestStore testStore)
{
    public sealed class OnSqlite() : RestPollingTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RestPollingTests(TestStore.PostgreSql);

    // Nested JSON fields are read by their dotted path. The two-node tests (Leases/) use it too.
    internal const string Mapping = """
        source: erp-api-orders
        target: SalesOrder
        description: ERP sales orders (REST polling)
        fields:
          OrderNo:      { column: orderNo }
          CustomerCode: { column: customer.code }
          OrderDate:    { column: orderDate }
          Status:       { column: status, default: Open }
          TotalAmount:  { column: total }
        """;

    private static string[] Settings(FakeErpApi api) =>
    [
        "--Hub:Rest:Sources:0:Name=erp-api-orders",
        $"--Hub:Rest:Sources:0:Url={new Uri(api.BaseAddress, "/api/orders")}",
        "--Hub:Rest:Sources:0:ItemsPath=data.items",
        "--Hub:Rest:Sources:0:KeyField=orderNo",
        "--Hub:Rest:Sources:0:Paging:Kind=Page",
        "--Hub:Rest:Sources:0:Paging:Size=100",
        "--Hub:Rest:Sources:0:Auth:Header=X-Api-Key",
        $"--Hub:Rest:Sources:0:Auth:Secret={FakeErpApi.ApiKey}",
        "--Hub:Rest:Sources:0:Interval=00:00:00.200",
    ];

    private static async Task<SalesOrder> WaitForOrderAsync(TestHub hub, string orderNo, Func<SalesOrder, bool> condition)
    {
        var store = hub.Services.GetRequiredService<IHubStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await store.GetOrderSnapshotAsync(orderNo, CancellationToken.None))?.Order is { } order && condition(order))
            {
                return order;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{orderNo} did not arrive as expected within 30 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Hub_PollsThePagedApi_ThroughItsMapping_RetriesAndPicksUpChanges()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        api.FailRequest(2, new Fault(429, RetryAfterSeconds: 1));
        api.FailRequest(3, new Fault(500));
        var data = TestHub.NewDataFolder();
        await File.WriteAllTextAsync(Path.Combine(data, "mappings", "erp-api-orders.yaml"), Mapping);

        await using var hub = await TestHub.StartInAsync(testStore, data, Settings(api));

        var last = await WaitForOrderAsync(hub, "SO-R-0250", _ => true);
        Assert.Equal("C002", last.CustomerCode);
        Assert.Equal(1250.50m, last.TotalAmount);
        api.Touch(orderIndex: 0, status: "OnHold");
        await WaitForOrderAsync(hub, "SO-R-0001", o => o.Status == SalesOrderStatus.OnHold);

        using var health = await hub.Client.GetAsync("/health");
        var body = await health.Content.ReadAsStringAsync();
        Assert.Contains("rest:erp-api-orders", body, StringComparison.Ordinal);
        Assert.Contains("\"pagesUnchanged\":", body, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeErpApi.ApiKey, body, StringComparison.Ordinal);
        Assert.Contains(api.Requests, r => r.Status == 304);
    }

    [Fact]
    public async Task BadRestSettings_RefuseToStart_NamingEachSetting()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 1);

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(testStore, 
        [.. Settings(api).Where(s => !s.Contains("Auth:Secret", StringComparison.Ordinal)), "--Hub:Rest:Sources:1:Name=erp-api-orders", "--Hub:Rest:Sources:1:Url=ftp://erp/orders"]));

        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Rest:Sources:0:Auth:Secret is missing", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Rest:Sources:1:Name 'erp-api-orders' is used by another source", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Rest:Sources:1:Url is 'ftp://erp/orders'", StringComparison.Ordinal));
    }
}
