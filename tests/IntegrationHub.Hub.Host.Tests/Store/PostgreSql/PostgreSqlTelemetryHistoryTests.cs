using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// Raw retention on PostgreSQL (issue 17 item 6): whole day partitions before the cutoff's day are dropped, the
/// cutoff's own day is kept whole, and the rollups of dropped days stay exact.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTelemetryHistoryTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Cutoff = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeleteRawBeforeAsync_DropsWholeDaysBeforeTheCutoffsDay_KeepsThatDay_RollupsStayExact()
    {
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres);
        await db.StoreAsync(
            Reading("temperature", Cutoff.AddDays(-3), 1m),
            Reading("temperature", Cutoff.AddDays(-3).AddSeconds(1), 2m),
            Reading("temperature", new DateTimeOffset(Cutoff.Date, TimeSpan.Zero).AddTicks(-10), 3m), // the last microsecond of the day before: dropped
            Reading("temperature", Cutoff.AddHours(-2), 4m),            // before the cutoff, but in its day: kept
            Reading("temperature", Cutoff.AddHours(1), 5m));
        Assert.Equal(1, await db.RollUpAllAsync(batchSize: 100));

        var deleted = await db.History.DeleteRawBeforeAsync(Cutoff, 1, CancellationToken.None);
        var again = await db.History.DeleteRawBeforeAsync(Cutoff, 1, CancellationToken.None);

        Assert.Equal(3, deleted);
        Assert.Equal(0, again);
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(StoreTime.Micros(Cutoff.AddHours(-2)), await db.CountAsync("SELECT min(ts) FROM telemetry_readings"));
        var hour = Assert.Single(
            await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, Cutoff.AddDays(-3), 100, CancellationToken.None),
            h => h.Bucket == Cutoff.AddDays(-3));
        Assert.Equal((2L, 3.0), (hour.Count, hour.Sum));
        Assert.Equal(0, await db.RollUpAllAsync(batchSize: 100));
    }
}
