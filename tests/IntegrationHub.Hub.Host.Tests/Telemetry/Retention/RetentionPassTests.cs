using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using IntegrationHub.Hub.Host.Tests.Store;
using Microsoft.Extensions.Logging.Abstractions;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>The retention pass and service on a fake clock over a real SQLite store (issue 17 item 6).</summary>
public sealed class RetentionPassTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-retention-" + Guid.NewGuid().ToString("N"));
    private TelemetryHistoryDatabase _db = null!;

    public async Task InitializeAsync() => _db = await CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_EverythingPastRetention_GoesAndNothingNewer()
    {
        var clock = new ManualClock(Now);
        var options = Options();
        // Raw: 25 readings 8 days old (past the 7 days), one of an hour ago.
        await _db.StoreAsync([.. Enumerable.Range(0, 25).Select(i => Reading("temperature", Now.AddDays(-8).AddSeconds(i), i))]);
        await _db.StoreAsync(Reading("temperature", Now.AddHours(-1), 100m));
        await _db.Store.ApplyAsync([], [
            new DeadLetter("waiting-old", "erp-orders", "a.csv:2", "{}", "bad", Now.AddDays(-181)),
            new DeadLetter("waiting", "erp-orders", "a.csv:3", "{}", "bad", Now.AddDays(-60)),
        ], CancellationToken.None);
        var processed = options.Resolve(new IntegrationHub.Adapters.Files.FileDropOptions().Processed);
        Directory.CreateDirectory(processed);
        var old = Path.Combine(processed, "orders.20261001T000000000.csv");
        var recent = Path.Combine(processed, "orders.csv");
        var oldFolder = Path.Combine(processed, "kept-by-operator");
        var link = Path.Combine(processed, "link.csv");
        await File.WriteAllTextAsync(old, "a");
        await File.WriteAllTextAsync(recent, "b");
        Directory.CreateDirectory(oldFolder);
        File.CreateSymbolicLink(link, recent);
        File.SetLastWriteTimeUtc(old, Now.AddDays(-31).UtcDateTime);
        File.SetLastWriteTimeUtc(recent, Now.AddDays(-29).UtcDateTime);
        Directory.SetLastWriteTimeUtc(oldFolder, Now.AddDays(-300).UtcDateTime);
        File.SetLastWriteTimeUtc(link, Now.AddDays(-300).UtcDateTime); // the link's target: "recent"

        var result = await Pass(options, clock).RunAsync(CancellationToken.None);

        // Batches from 10, doubling while full on the stopped clock: roll-up 2 (10, 16 of 20), raw 2 (10, 15 of 20),
        // minute 1, hour 1, dead letters 1, outbox 1.
        Assert.Equal(new RetentionPassResult(RolledUp: 26, RawDeleted: 25, RollupsDeleted: 0, DeadLettersDeleted: 1, OutboxDeleted: 0, FilesDeleted: 1, Batches: 8), result);
        Assert.Equal(1, await _db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(Db.Micros(Now.AddHours(-1)), await _db.CountAsync("SELECT min(ts) FROM telemetry_readings"));
        // The rollups still hold the deleted readings, exactly.
        var rollup = Assert.Single(await _db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, Now.AddDays(-9), 10, CancellationToken.None), r => r.Bucket < Now.AddDays(-7));
        Assert.Equal((25, 300.0), (rollup.Count, rollup.Sum));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(Directory.Exists(oldFolder));
        Assert.True(File.Exists(link));
        Assert.Equal("waiting", Assert.Single(await _db.Store.ListDeadLettersAsync(null, true, 10, CancellationToken.None)).Id);

        // A second pass finds nothing more to do: one batch per step to see that (roll-up included).
        Assert.Equal(new RetentionPassResult(0, 0, 0, 0, 0, 0, 6), await Pass(options, clock).RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Service_OnTheFakeClock_FirstPassOneIntervalAfterStartThenEveryInterval()
    {
        var clock = new ManualClock(Now);
        var options = Options();
        await _db.StoreAsync(Reading("temperature", Now.AddDays(-6), 1m));
        using var service = new RetentionService(Pass(options, clock), options, clock, NullLogger<RetentionService>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await service.StartAsync(CancellationToken.None);
        try
        {
            await WaitAsync(() => clock.Waiting == 1, timeout.Token);
            Assert.Equal(0, service.GetStatus().Counts["passes"]);
            Assert.Equal(AdapterState.Starting, service.GetStatus().State);

            clock.Advance(options.Retention.Interval);
            await WaitAsync(() => service.GetStatus().Counts["passes"] == 1 && clock.Waiting == 1, timeout.Token);
            Assert.Equal(AdapterState.Running, service.GetStatus().State);
            Assert.Equal(1, service.GetStatus().Counts["readingsRolledUp"]);
            Assert.Equal(0, service.GetStatus().Counts["rawDeleted"]);

            // A day later the reading is past 7 days: the next pass deletes it, and not before its interval is up.
            clock.Advance(options.Retention.Interval - TimeSpan.FromTicks(1));
            Assert.Equal(1, clock.Waiting);
            clock.Advance(TimeSpan.FromDays(1));
            await WaitAsync(() => service.GetStatus().Counts["passes"] == 2 && clock.Waiting == 1, timeout.Token);

            Assert.Equal(1, service.GetStatus().Counts["rawDeleted"]);
            Assert.Equal(0, await _db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task RunAsync_ReadingsStoredWhileRollingUp_RollUpStopsAtTheFirstShortBatch_AndTheRawStepRuns()
    {
        // A plant that never stops: every time a roll-up batch catches up, three new readings have been stored meanwhile.
        // The pass must not chase them (the quiet PostgreSQL soak once spent 41 s in 2,715 such batches and deleted
        // nothing meanwhile): the roll-up ends at its first short batch and the old readings go.
        var clock = new ManualClock(Now);
        var options = Options();
        await _db.StoreAsync([.. Enumerable.Range(0, 25).Select(i => Reading("temperature", Now.AddDays(-8).AddSeconds(i), i))]);
        var stored = 0;
        var live = new LiveIngestHistoryStore(_db.History, async () =>
        {
            for (var i = 0; i < 3; i++, stored++)
            {
                await _db.StoreAsync(Reading("temperature", Now.AddSeconds(-stored), stored));
            }
        });
        var records = new SqliteRecordRetentionStore(_db.Connections);
        var pass = new RetentionPass(live, records, new ProcessedFilesSweep(records, NullLogger<ProcessedFilesSweep>.Instance), options, Microsoft.Extensions.Options.Options.Create(new IntegrationHub.Adapters.Files.FileDropOptions()), clock);

        var result = await pass.RunAsync(CancellationToken.None);

        // Batches of 10 then 20 (doubling while full): 10 and 15 of the 25; the short one ends the step.
        Assert.Equal(2, live.RollUpCalls);
        Assert.Equal(25, result.RolledUp);
        Assert.Equal(25, result.RawDeleted);
        // The three readings stored during the pass wait for the next one, which rolls them up.
        var next = await pass.RunAsync(CancellationToken.None);
        Assert.Equal(3, next.RolledUp);
    }

    private HubOptions Options() => new()
    {
        DataFolder = _data,
        Retention = new RetentionOptions { BatchSize = 10, BatchPause = TimeSpan.Zero },
    };

    private RetentionPass Pass(HubOptions options, TimeProvider clock)
    {
        var records = new SqliteRecordRetentionStore(_db.Connections);
        return new(_db.History, records, new ProcessedFilesSweep(records, NullLogger<ProcessedFilesSweep>.Instance), options, Microsoft.Extensions.Options.Options.Create(new IntegrationHub.Adapters.Files.FileDropOptions()), clock);
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            // The poll interval of a condition wait; the caller's token is the hang guard.
            await Task.Delay(10, cancellationToken);
        }
    }
}
