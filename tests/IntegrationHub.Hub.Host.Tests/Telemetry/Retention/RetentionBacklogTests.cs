using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>
/// A retention pass with a backlog of many batches, on both stores and a fake clock (issue 17 item 6: the default
/// settings keep up at 5,000 readings/s). One pass leaves no row past the cut-off whatever the backlog; its batches
/// grow while there is a backlog, and stay at <c>Hub:Retention:BatchSize</c> while each takes long.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RetentionBacklogTests(PostgresFixture postgres)
{
    // Ten o'clock: the backlog lies in the same day, so PostgreSQL deletes it in batches, as in the soak (a retention of
    // minutes), instead of dropping a whole day's partition at once.
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private const int BatchSize = 10;
    private const int Old = 1_000;
    private const int Recent = 5;

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pass_BacklogOfAHundredBatches_LeavesNoRowPastTheCutoff_BatchesGrowWhileFull(string kind)
    {
        var clock = new ManualClock(Now);
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres, clock);
        await StoreBacklogAsync(db);
        // Each batch as slow as still allowed (a busy machine): growth goes on.
        var history = new TimedHistoryStore(db.History, clock, AdaptiveBatch.Slow);

        var result = await Pass(db, history, clock).RunAsync(CancellationToken.None);

        Assert.Equal((Old + Recent, (long)Old), (result.RolledUp, result.RawDeleted));
        Assert.Equal(Recent, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(Old + Recent, await db.CountAsync("SELECT sum(reading_count) FROM telemetry_rollup_minute"));
        // Doubling from 10 up to 8 times that: 10, 20, 40, then 80 a batch. Fixed batches of 10 took 101 and 102
        // calls for this backlog; a pass at 5,000 readings/s pays each batch's fixed cost that much less often.
        int[] ramp = [10, 20, 40, 80, 80];
        Assert.Equal(ramp, history.RollUps.Take(5));
        Assert.Equal(ramp, history.RawDeletes.Take(5));
        Assert.All(history.RawDeletes, size => Assert.InRange(size, BatchSize, BatchSize * AdaptiveBatch.MaxFactor));
        // Raw: 10 + 20 + 40 + 80 * 11 = 950, then 50 of 80. Roll-up: the same, 55 of 80, which ends the step (a short
        // batch reached the newest reading: no call that finds none).
        Assert.Equal(15, history.RawDeletes.Count);
        Assert.Equal(15, history.RollUps.Count);

        // The next pass finds nothing to do and starts again from the setting.
        var next = await Pass(db, history, clock).RunAsync(CancellationToken.None);
        Assert.Equal((0L, 0L), (next.RolledUp, next.RawDeleted));
        Assert.Equal(BatchSize, history.RawDeletes[^1]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pass_BacklogWhileEachBatchIsSlow_BatchesStayAtTheSetting_AndStillLeaveNoRowPastTheCutoff(string kind)
    {
        var clock = new ManualClock(Now);
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres, clock);
        await StoreBacklogAsync(db);
        // Every batch takes longer than AdaptiveBatch.Slow: the write lock would be held too long by a bigger one.
        var history = new TimedHistoryStore(db.History, clock, AdaptiveBatch.Slow + TimeSpan.FromMilliseconds(1));

        var result = await Pass(db, history, clock).RunAsync(CancellationToken.None);

        Assert.Equal((Old + Recent, (long)Old), (result.RolledUp, result.RawDeleted));
        Assert.Equal(Recent, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.All(history.RollUps, size => Assert.Equal(BatchSize, size));
        Assert.All(history.RawDeletes, size => Assert.Equal(BatchSize, size));
        Assert.Equal(Old / BatchSize + 1, history.RawDeletes.Count);
    }

    private static async Task StoreBacklogAsync(StoreUnderTest db)
    {
        // A reading every 3 s from 08:00 to about 08:50, all past a RawRetention of 2 minutes, then some within it.
        await db.StoreAsync([.. Enumerable.Range(0, Old).Select(i => Reading("temperature", Now.AddHours(-2).AddSeconds(3 * i), i))]);
        await db.StoreAsync([.. Enumerable.Range(0, Recent).Select(i => Reading("temperature", Now.AddSeconds(-30 + i), i))]);
    }

    private static RetentionPass Pass(StoreUnderTest db, ITelemetryHistoryStore history, ManualClock clock)
    {
        var options = new HubOptions
        {
            DataFolder = Path.Combine(Path.GetTempPath(), "hub-backlog-" + Guid.NewGuid().ToString("N")),
            Telemetry = new TelemetryOptions { RawRetention = TimeSpan.FromMinutes(2) },
            Retention = new RetentionOptions { BatchSize = BatchSize, BatchPause = TimeSpan.Zero },
        };
        return new RetentionPass(history, db.Retention, new ProcessedFilesSweep(db.Retention, NullLogger<ProcessedFilesSweep>.Instance), options, Microsoft.Extensions.Options.Options.Create(new IntegrationHub.Adapters.Files.FileDropOptions()), clock);
    }
}
