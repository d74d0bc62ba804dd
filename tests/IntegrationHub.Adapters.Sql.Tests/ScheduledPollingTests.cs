using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>
/// Issue 21 item 4: a database source polled on a schedule ("read the ERP at 02:00", Asia/Shanghai) with a fixed clock,
/// from a real SQLite database: a node restarted after the last run waits for the next occurrence, then polls at it.
/// </summary>
public sealed class ScheduledPollingTests : IDisposable
{
    private const string Work = "sql:wms-shipments";
    private readonly string _folder = Directory.CreateTempSubdirectory("ih-sql-schedule-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task RunAsync_RestartedAfterYesterdaysRun_WaitsFor0200_ThenPollsOnce()
    {
        var db = "Data Source=" + Path.Combine(_folder, "wms.db");
        await using (var setup = new SqliteConnection(db))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = """
                CREATE TABLE shipments (shipment_no TEXT PRIMARY KEY, carrier TEXT, version INTEGER NOT NULL);
                INSERT INTO shipments VALUES ('S1', 'SF', 1), ('S2', 'ZTO', 2);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var clock = new ManualTimeProvider(Utc("2026-03-10T17:30:00Z")); // 01:30 in Shanghai
        var log = new MemoryScheduleLog();
        await log.RecordRunAsync(Work, Utc("2026-03-09T18:00:05Z"), CancellationToken.None); // yesterday's 02:00 poll
        var sink = new RecordingSqlSink();
        var source = new SqlSourceOptions
        {
            Name = "wms-shipments",
            Provider = SqlProviders.Sqlite,
            ConnectionString = db,
            Query = "SELECT shipment_no, carrier, version FROM shipments WHERE version >= @watermark ORDER BY version",
            KeyColumn = "shipment_no",
            WatermarkColumn = "version",
            WatermarkKind = WatermarkKind.Version,
            Overlap = 0,
            Schedule = "0 2 * * *",
            ScheduleTimeZone = "Asia/Shanghai",
        };
        SqlProviders.Register(new SqlOptions(), Path.Combine(_folder, "plugins"));
        var poller = new SqlSourcePoller(
            source, SqlProviders.Resolve(source.Provider, Path.Combine(_folder, "plugins")), sink, clock, NullLogger.Instance, scheduleLog: log);
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);

        await WaitFor.ConditionAsync(() => clock.HasTimerDueIn(TimeSpan.FromMinutes(30)), "the wait for 02:00");
        Assert.Empty(sink.Batches); // waiting on its timer: no poll at start, yesterday's run is recorded

        clock.Advance(TimeSpan.FromMinutes(30));
        await WaitFor.ConditionAsync(async () => await log.LastRunAsync(Work, CancellationToken.None) == Utc("2026-03-10T18:00:00Z"), "the 02:00 poll to be recorded");

        Assert.Equal(["S1", "S2"], sink.Keys("shipment_no"));
        Assert.Equal("2", poller.WatermarkText);
        await stop.CancelAsync();
        await running;
    }
}
