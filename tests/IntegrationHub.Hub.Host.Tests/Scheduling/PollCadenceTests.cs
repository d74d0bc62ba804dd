using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Scheduling;

/// <summary>
/// Issue 21 item 4: when a poller polls, with a fixed clock. "Read the ERP at 02:00" (Asia/Shanghai, 18:00 UTC): a node
/// that was down at 02:00 and starts at 02:20 polls once at start; one that polled at 02:00 and restarts waits for the
/// next day; a node down for a week polls once, not seven times.
/// </summary>
public sealed class PollCadenceTests
{
    private const string Work = "sql:erp-orders";

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static PollCadence Daily0200(ManualTimeProvider clock, IScheduleLog log) =>
        PollCadence.Of(TimeSpan.FromSeconds(10), "0 2 * * *", "Asia/Shanghai", log, Work, clock);

    private static async Task<MemoryScheduleLog> LogWithRunAtAsync(string at)
    {
        var log = new MemoryScheduleLog();
        await log.RecordRunAsync(Work, Utc(at), CancellationToken.None);
        return log;
    }

    [Fact]
    public async Task FirstDue_DownAt0200_StartedAt0220_PollsOnceNow()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-10T18:20:00Z"));
        var cadence = Daily0200(clock, await LogWithRunAtAsync("2026-03-09T18:00:03Z"));

        var due = await cadence.FirstDueAsync(CancellationToken.None);

        Assert.Equal(new PollDue(clock.GetUtcNow(), PollDueReason.Missed, Utc("2026-03-10T18:00:00Z")), due);
    }

    [Fact]
    public async Task FirstDue_PolledAt0200_RestartedAt0220_WaitsForTomorrow()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-10T18:20:00Z"));
        var cadence = Daily0200(clock, await LogWithRunAtAsync("2026-03-10T18:00:00Z"));

        var due = await cadence.FirstDueAsync(CancellationToken.None);

        Assert.Equal(new PollDue(Utc("2026-03-11T18:00:00Z"), PollDueReason.Occurrence), due);
    }

    [Fact]
    public async Task FirstDue_DownForAWeek_OnePollThenTheNextOccurrence()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-17T18:20:00Z"));
        var log = await LogWithRunAtAsync("2026-03-10T18:00:00Z");
        var cadence = Daily0200(clock, log);

        var due = await cadence.FirstDueAsync(CancellationToken.None);
        await cadence.RecordAsync(clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(PollDueReason.Missed, due.Reason);
        Assert.Equal(Utc("2026-03-11T18:00:00Z"), due.Missed); // the first one missed; the poll reads what all of them would have
        Assert.Equal(new PollDue(Utc("2026-03-18T18:00:00Z"), PollDueReason.Occurrence), cadence.NextDue());
        Assert.Equal(new PollDue(Utc("2026-03-18T18:00:00Z"), PollDueReason.Occurrence), await cadence.FirstDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FirstDue_NeverRun_PollsNow_IntervalAlwaysPollsNow()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-10T09:00:00Z"));

        Assert.Equal(new PollDue(clock.GetUtcNow(), PollDueReason.NeverRun), await Daily0200(clock, new MemoryScheduleLog()).FirstDueAsync(CancellationToken.None));
        var every = PollCadence.Of(TimeSpan.FromSeconds(10), null, null, null, Work, clock);
        Assert.Equal(new PollDue(clock.GetUtcNow(), PollDueReason.Interval), await every.FirstDueAsync(CancellationToken.None));
        Assert.Equal(new PollDue(clock.GetUtcNow() + TimeSpan.FromSeconds(10), PollDueReason.Interval), every.NextDue());
    }

    [Fact]
    public async Task RecordAsync_Interval_RecordsNothing()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-10T09:00:00Z"));
        var log = new MemoryScheduleLog();

        await PollCadence.Of(TimeSpan.FromSeconds(10), null, null, log, Work, clock).RecordAsync(clock.GetUtcNow(), CancellationToken.None);

        Assert.Null(await log.LastRunAsync(Work, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_ALongWait_InTimersOfAnHour_EndsAtTheOccurrenceNotBefore()
    {
        var clock = new ManualTimeProvider(Utc("2026-03-10T15:30:00Z"));
        var cadence = Daily0200(clock, new MemoryScheduleLog());
        var due = cadence.NextDue(); // 18:00 UTC, two and a half hours away

        var waiting = cadence.WaitAsync(due, CancellationToken.None);
        for (var hour = 0; hour < 2; hour++)
        {
            await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromHours(1)), "a timer of an hour");
            Assert.False(waiting.IsCompleted);
            clock.Advance(TimeSpan.FromHours(1));
        }

        await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromMinutes(30)), "the last half hour's timer");
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(30));
        await waiting.WaitAsync(TimeSpan.FromSeconds(60)); // a hang guard only

        Assert.Equal(due.At, clock.GetUtcNow());
    }

    [Fact]
    public void Of_InvalidSchedule_ThrowsNamingTheWork()
    {
        var ex = Assert.Throws<ArgumentException>(() => PollCadence.Of(TimeSpan.FromSeconds(10), "0 2 31 2 *", null, null, Work, TimeProvider.System));

        Assert.Contains("sql:erp-orders Schedule '0 2 31 2 *'", ex.Message, StringComparison.Ordinal);
    }
}
