using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>The raw history's day partitions (issue 17 item 6): made ahead and on demand, dropped for retention.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlPartitionTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task MigrateAsync_MakesTodayAndTheNextTwoDays()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));

        await hub.Store.MigrateAsync(CancellationToken.None);
        await hub.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(["telemetry_readings_p20251001", "telemetry_readings_p20251002", "telemetry_readings_p20251003"], await Sql.PartitionsAsync(database));
        Assert.Equal(3, hub.Log.Entries.Count(e => e.EventId == 1522));
    }

    [Fact]
    public async Task ApplyAsync_ReadingsOnDaysWithoutPartition_MakesTheDaysAndKeepsEveryReading()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        var midnight = new DateTimeOffset(2025, 9, 20, 0, 0, 0, TimeSpan.Zero);

        await hub.Store.ApplyAsync(
            [Reading(midnight.AddTicks(-10)), Reading(midnight), Reading(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(8))), Reading(Now)],
            [],
            CancellationToken.None);

        Assert.Equal(4L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings"));
        Assert.Contains("telemetry_readings_p20250919", await Sql.PartitionsAsync(database));
        Assert.Contains("telemetry_readings_p20260105", await Sql.PartitionsAsync(database));
        // Midnight belongs to the day it starts; 08:00 at UTC+8 is midnight UTC of the same day.
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings_p20250920"));
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings_p20250919"));
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings_p20260105"));
    }

    [Fact]
    public async Task DropRawPartitionsOlderThanAsync_DropsOnlyWholeDaysBeforeTheCutoff()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        var day = new DateTimeOffset(2025, 9, 27, 12, 0, 0, TimeSpan.Zero);
        await hub.Store.ApplyAsync([.. Enumerable.Range(0, 5).Select(d => Reading(day.AddDays(d)))], [], CancellationToken.None);

        var dropped = await hub.Store.DropRawPartitionsOlderThanAsync(new DateTimeOffset(2025, 9, 29, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
        var none = await hub.Store.DropRawPartitionsOlderThanAsync(new DateTimeOffset(2025, 9, 29, 23, 59, 59, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(["telemetry_readings_p20250927", "telemetry_readings_p20250928"], dropped);
        Assert.Empty(none);
        Assert.Equal(3L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(
            ["telemetry_readings_p20250929", "telemetry_readings_p20250930", "telemetry_readings_p20251001", "telemetry_readings_p20251002", "telemetry_readings_p20251003"],
            await Sql.PartitionsAsync(database));
        Assert.Contains(hub.Log.Entries, e => e.EventId == 1523 && e.Message.Contains("telemetry_readings_p20250928", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_DayDroppedByAnotherProcess_MakesItAgainAndKeepsTheReading()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await using var otherNode = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        await otherNode.Store.MigrateAsync(CancellationToken.None);
        Assert.Equal(["telemetry_readings_p20251001"], await otherNode.Store.DropRawPartitionsOlderThanAsync(new DateTimeOffset(2025, 10, 2, 0, 0, 0, TimeSpan.Zero), CancellationToken.None));

        var result = await hub.Store.ApplyAsync([Reading(Now)], [], CancellationToken.None);

        Assert.Equal(1, result.Changed);
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings_p20251001"));
        Assert.Single(hub.Log.Entries, e => e.EventId == 1524);
    }

    private static CanonicalChange Reading(DateTimeOffset at) =>
        new(new AssetMetric { AssetId = "EQ-1", Metric = "temp", Value = 20, Timestamp = at }, new SourceStamp("plant", at));
}
