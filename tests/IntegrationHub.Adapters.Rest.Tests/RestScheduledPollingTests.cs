using System.Collections.Concurrent;
using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Rest.Tests;

/// <summary>
/// Issue 21 item 4: a REST source polled on a schedule ("read the ERP at 02:00", Asia/Shanghai) with a fixed clock,
/// against an HTTP server that behaves like a paged ERP API.
/// </summary>
public sealed class RestScheduledPollingTests
{
    private const string Work = "rest:erp-api-orders";

    private sealed class CountingSink : IRestPageSink
    {
        public ConcurrentQueue<RestPage> Pages { get; } = new();

        public Task StoreAsync(RestPage page, CancellationToken cancellationToken)
        {
            Pages.Enqueue(page);
            return Task.CompletedTask;
        }
    }

    private static long Polls(RestSourcePoller poller) => poller.GetStatus().Counts["polls"];

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task RunAsync_OccurrenceMissedWhileDown_PollsOnceAtStart_ThenAtTheNextOccurrenceOnly()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 50);
        var clock = new ManualTimeProvider(Utc("2026-03-10T18:20:00Z")); // 02:20 in Shanghai; 02:00 was missed
        var log = new MemoryScheduleLog();
        await log.RecordRunAsync(Work, Utc("2026-03-09T18:00:00Z"), CancellationToken.None);
        var sink = new CountingSink();
        var source = new RestSourceOptions
        {
            Name = "erp-api-orders",
            Url = new Uri(api.BaseAddress, "/api/orders").ToString(),
            ItemsPath = "data.items",
            Paging = new RestPaging { Kind = RestPagingKind.Page, Size = 100 },
            Auth = new RestAuth { Header = "X-Api-Key", Secret = FakeErpApi.ApiKey },
            Schedule = "0 2 * * *",
            ScheduleTimeZone = "Asia/Shanghai",
        };
        using var poller = new RestSourcePoller(source, sink, clock, NullLogger.Instance, scheduleLog: log);
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);

        // The catch-up poll, recorded at the time it started; then the wait for tomorrow's 02:00 (18:00 UTC), in hours.
        await WaitFor.ConditionAsync(async () => await log.LastRunAsync(Work, CancellationToken.None) == clock.GetUtcNow(), "the catch-up poll to be recorded");
        await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromHours(1)), "the wait for the next occurrence");
        Assert.Equal(1, Polls(poller));
        Assert.Single(sink.Pages);

        for (var hour = 0; hour < 23; hour++)
        {
            await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromHours(1)), "an hour's timer");
            Assert.Equal(1, Polls(poller)); // the poller is waiting on its timer: no poll before the occurrence
            clock.Advance(TimeSpan.FromHours(1));
        }

        await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromMinutes(40)), "the last 40 minutes' timer");
        Assert.Equal(1, Polls(poller));
        clock.Advance(TimeSpan.FromMinutes(40));
        await WaitFor.ConditionAsync(async () => await log.LastRunAsync(Work, CancellationToken.None) == Utc("2026-03-11T18:00:00Z"), "the 02:00 poll to be recorded");

        Assert.Equal(2, Polls(poller));
        Assert.Equal(2, poller.GetStatus().Counts["requests"]); // the second asked conditionally: the page had not changed
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void Constructor_InvalidSchedule_ThrowsNamingTheSource()
    {
        var source = new RestSourceOptions { Name = "erp-api-orders", Url = "http://erp.local/api/orders", Schedule = "* * * * * *" };

        var ex = Assert.Throws<ArgumentException>(() => new RestSourcePoller(source, new CountingSink(), TimeProvider.System, NullLogger.Instance));

        Assert.Contains("rest:erp-api-orders Schedule '* * * * * *' has six fields", ex.Message, StringComparison.Ordinal);
    }
}
