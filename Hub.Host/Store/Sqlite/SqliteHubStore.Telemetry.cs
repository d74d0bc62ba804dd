using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// A machine's latest metrics and its reading history, for the portal and the desk's chart.
internal sealed partial class SqliteHubStore
{
    public async Task<IReadOnlyList<AssetMetric>> LatestMetricsAsync(string assetId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Keys are "<asset>|<metric>": a range on the primary key, where '}' is the character after '|'.
        await using var command = Command(connection, null, """
            SELECT body FROM entities WHERE kind = @kind AND entity_key > @from AND entity_key < @to ORDER BY entity_key
            """);
        Add(command, "@kind", nameof(EntityKind.AssetMetric));
        Add(command, "@from", assetId + KeyParts.Separator);
        Add(command, "@to", assetId + (char)(KeyParts.Separator + 1));
        var metrics = new List<AssetMetric>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            metrics.Add((AssetMetric)EntityJson.Deserialize(EntityKind.AssetMetric, reader.GetString(0)));
        }

        return metrics;
    }

    public async Task<IReadOnlyList<TelemetryReading>> RecentReadingsAsync(string assetId, DateTimeOffset since, int maxPerMetric, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT metric, ts, value, unit, quality FROM (
                SELECT metric, ts, value, unit, quality, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY ts DESC) AS n
                FROM telemetry_readings WHERE asset_id = @asset AND ts >= @since)
            WHERE n <= @max
            ORDER BY metric, ts
            """);
        Add(command, "@asset", assetId);
        Add(command, "@since", Micros(since));
        Add(command, "@max", maxPerMetric);
        var readings = new List<TelemetryReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings.Add(new TelemetryReading(assetId, reader.GetString(0), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                FromMicros(reader.GetInt64(1)), Enum.TryParse<ReadingQuality>(reader.GetString(4), out var quality) ? quality : ReadingQuality.Uncertain));
        }

        return readings;
    }
}
