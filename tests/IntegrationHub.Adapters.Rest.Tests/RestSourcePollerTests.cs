using System.Collections.Concurrent;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Tests.Common.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Rest.Tests;

/// <summary>The REST poller against an HTTP server that behaves like a paged ERP API, faults included.</summary>
public sealed class RestSourcePollerTests
{
    private sealed class CollectingSink : IRestPageSink
    {
        public ConcurrentQueue<RestPage> Pages { get; } = new();

        public IReadOnlyList<SourceRecord> Records => Pages.SelectMany(p => p.Records).ToList();

        public Task StoreAsync(RestPage page, CancellationToken cancellationToken)
        {
            Pages.Enqueue(page);
            return Task.CompletedTask;
        }
    }

    private static RestSourceOptions Source(FakeErpApi api, string path, RestPagingKind paging, int size = 100, string items = "", bool keyInQuery = false) => new()
    {
        Name = "erp-api-orders",
        Url = new Uri(api.BaseAddress, path).ToString(),
        ItemsPath = items,
        KeyField = "orderNo",
        Paging = new RestPaging { Kind = paging, Size = size, NextCursorPath = "paging.next" },
        Auth = keyInQuery
            ? new RestAuth { QueryParameter = "api_key", Secret = FakeErpApi.ApiKey }
            : new RestAuth { Header = "X-Api-Key", Secret = FakeErpApi.ApiKey },
    };

    private static RestSourcePoller Poller(RestSourceOptions source, IRestPageSink sink) =>
        new(source, sink, TimeProvider.System, NullLogger.Instance, firstRetryDelay: TimeSpan.FromMilliseconds(50));

    private static void AssertEveryOrderOnce(IReadOnlyList<SourceRecord> records, int count)
    {
        var numbers = records.Select(r => r.Fields["orderNo"]).ToList();
        Assert.Equal(count, numbers.Count);
        Assert.Equal(Enumerable.Range(1, count).Select(n => $"SO-R-{n:D4}"), numbers);
    }

    [Fact]
    public async Task PageNumbers_ReadEveryItemOnce_NestedFieldsFlattened_NumbersAsWritten()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        var sink = new CollectingSink();
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "data.items"), sink);

        var result = await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(new RestPollResult(Pages: 3, Unchanged: 0, Items: 250), result);
        AssertEveryOrderOnce(sink.Records, 250);
        var first = sink.Records[0];
        Assert.Equal("C002", first.Fields["customer.code"]);
        Assert.Equal("苏州精密机械有限公司", first.Fields["customer.name"]);
        Assert.Equal("MOTOR-1", first.Fields["lines.0.sku"]);
        Assert.Equal("1001.50", first.Fields["total"]);
        Assert.Equal("erp-api-orders:SO-R-0001", first.Reference);
        Assert.Equal(["/api/orders?page=1&pageSize=100", "/api/orders?page=2&pageSize=100", "/api/orders?page=3&pageSize=100"], api.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task OffsetAndCursor_ReadEveryItemOnce_KeyInTheQueryNeverShown()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 120);
        var byOffset = new CollectingSink();
        var byCursor = new CollectingSink();
        using (var poller = Poller(Source(api, "/api/orders-by-offset", RestPagingKind.Offset, size: 50, keyInQuery: true), byOffset))
        {
            Assert.Equal(3, (await poller.PollOnceAsync(CancellationToken.None)).Pages);
        }

        using (var poller = Poller(Source(api, "/api/orders-by-cursor", RestPagingKind.Cursor, size: 50, items: "items") with { Paging = new RestPaging { Kind = RestPagingKind.Cursor, SizeParameter = "limit", Size = 50, NextCursorPath = "paging.next" } }, byCursor))
        {
            Assert.Equal(3, (await poller.PollOnceAsync(CancellationToken.None)).Pages);
        }

        AssertEveryOrderOnce(byOffset.Records, 120);
        AssertEveryOrderOnce(byCursor.Records, 120);
        Assert.Contains("/api/orders-by-offset?offset=100&limit=50&api_key=erp-key-4711", api.Requests.Select(r => r.PathAndQuery));
        Assert.All(byOffset.Pages, p => Assert.EndsWith("api_key=***", p.Address, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TooManyRequests_WaitsTheRetryAfter_ThenTheSamePage_NothingLostOrTwice()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        api.FailRequest(2, new Fault(429, RetryAfterSeconds: 1));
        var sink = new CollectingSink();
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "data.items"), sink);

        await poller.PollOnceAsync(CancellationToken.None);

        AssertEveryOrderOnce(sink.Records, 250);
        var requests = api.Requests;
        Assert.Equal([200, 429, 200, 200], requests.Select(r => r.Status));
        Assert.Equal(requests[1].PathAndQuery, requests[2].PathAndQuery);
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromMilliseconds(950), $"asked again after {(requests[2].At - requests[1].At).TotalMilliseconds} ms, not after the 1 s Retry-After");
        Assert.Equal(1, poller.GetStatus().Counts["failures"]);
    }

    [Fact]
    public async Task ServerErrorsAndAMaintenancePage_RetriedWithBackoff_ShownOnHealth_NothingLost()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        api.FailRequest(2, new Fault(500));
        api.FailRequest(3, new Fault(503));
        api.FailRequest(4, new Fault(200, Html: true));
        var sink = new CollectingSink();
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "data.items"), sink);

        await poller.PollOnceAsync(CancellationToken.None);

        AssertEveryOrderOnce(sink.Records, 250);
        Assert.Equal(3, poller.GetStatus().Counts["failures"]);
        Assert.Equal(AdapterState.Running, poller.GetStatus().State);
        var lastError = poller.GetStatus().LastError!;
        Assert.Contains("/api/orders?page=2&pageSize=100: the response is not JSON", lastError, StringComparison.Ordinal);
        Assert.Contains("text/html", lastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_Unauthorized_RetriedAndReported_SecretNeverShown()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 10);
        var source = Source(api, "/api/orders-by-offset", RestPagingKind.Offset, keyInQuery: true) with
        {
            Auth = new RestAuth { QueryParameter = "api_key", Secret = "wrong-secret" },
        };
        using var poller = Poller(source, new CollectingSink());
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);

        while (api.Requests.Count < 3)
        {
            await Task.Delay(20);
        }

        var status = poller.GetStatus();
        await stop.CancelAsync();
        await running;
        Assert.Equal(AdapterState.Retrying, status.State);
        Assert.Contains("HTTP 401", status.LastError, StringComparison.Ordinal);
        Assert.Contains("api_key=***", status.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", status.LastError, StringComparison.Ordinal);
        Assert.All(api.Requests, r => Assert.Equal(401, r.Status));
    }

    [Fact]
    public async Task ETag_UnchangedPagesCostA304_AChangedPageIsReadAgain()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        var sink = new CollectingSink();
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "data.items"), sink);
        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(new RestPollResult(3, 3, 0), await poller.PollOnceAsync(CancellationToken.None));

        api.Touch(orderIndex: 150, status: "Shipped");
        Assert.Equal(new RestPollResult(3, 2, 100), await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal("Shipped", sink.Records.Single(r => r.Fields["orderNo"] == "SO-R-0151" && r.Fields["status"] == "Shipped").Fields["status"]);
        Assert.Equal(350, sink.Records.Count);
    }

    [Fact]
    public async Task IfModifiedSince_UnchangedCollectionCostsA304PerPage()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 120);
        var sink = new CollectingSink();
        using var poller = Poller(Source(api, "/api/orders-by-offset", RestPagingKind.Offset, size: 50), sink);
        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(new RestPollResult(3, 3, 0), await poller.PollOnceAsync(CancellationToken.None));
        api.Touch(orderIndex: 0, status: "Cancelled");
        Assert.Equal(new RestPollResult(3, 0, 120), await poller.PollOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnApiThatIgnoresThePagingParameter_StopsWithAClearError()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 250);
        api.IgnorePaging = true;
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "data.items"), new CollectingSink());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => poller.PollOnceAsync(CancellationToken.None));
        Assert.Contains("returned the same page as the one before", error.Message, StringComparison.Ordinal);
        Assert.Contains("'page'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongItemsPath_NamesWhatTheResponseHolds()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 5);
        using var poller = Poller(Source(api, "/api/orders", RestPagingKind.Page, items: "items"), new CollectingSink());
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);
        while (api.Requests.Count < 2)
        {
            await Task.Delay(20);
        }

        var status = poller.GetStatus();
        await stop.CancelAsync();
        await running;
        Assert.Contains("no array at ItemsPath 'items' (it has nothing there; top-level fields: data)", status.LastError, StringComparison.Ordinal);
    }
}
