using IntegrationHub.Tests.Common.Patroni;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>
/// What the Patroni fault tests (issue 18 item 5 and its alarm storm) share: a database of the test's own on the
/// healthy cluster, a hub on it taking MQTT QoS 1 telemetry, and the counts they read from one node.
/// </summary>
internal static class PatroniDatabase
{
    /// <summary>Waits for the cluster to have a primary and a streaming standby, then makes a database named <paramref name="prefix"/>_xxxxxx.</summary>
    public static async Task<(PatroniNode Primary, PatroniNode Standby, string Database)> CreateAsync(
        PatroniCluster cluster, string prefix, CancellationToken cancellationToken)
    {
        var (primary, standby) = await cluster.WaitUntilHealthyAsync(cancellationToken);
        var database = prefix + "_" + Guid.NewGuid().ToString("N")[..6];
        await cluster.CreateDatabaseAsync(database, cancellationToken);
        return (primary, standby, database);
    }

    /// <summary>
    /// A hub's settings for <paramref name="database"/> through the cluster's multi-host connection string, with one
    /// QoS 1 telemetry subscription (arrays of readings at <c>readings</c>) on the broker at <paramref name="mqttPort"/>.
    /// </summary>
    public static string[] HubSettings(PatroniCluster cluster, string database, int mqttPort, string clientId, string topic) =>
    [
        "--Hub:Store:Provider=postgresql",
        $"--Hub:Store:ConnectionString={cluster.ConnectionString(database)}",
        "--Hub:Mqtt:Enabled=true",
        $"--Hub:Mqtt:Port={mqttPort}",
        $"--Hub:Mqtt:ClientId={clientId}",
        "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
        $"--Hub:Mqtt:Subscriptions:0:Topic={topic}",
        "--Hub:Mqtt:Subscriptions:0:Shape=Array",
        "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
        "--Hub:Mqtt:Subscriptions:0:QoS=AtLeastOnce",
    ];

    /// <summary>A count asked of <paramref name="node"/> itself; -1 while it restarts or does not accept yet (ask again on the next poll).</summary>
    public static async Task<long> CountOnAsync(PatroniNode node, string database, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PatroniCluster.NodeConnectionString(node, database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException ex) when (ex.IsTransient)
        {
            return -1;
        }
    }

    /// <summary>
    /// The readings on <paramref name="node"/> (of <paramref name="asset"/> only, when given): rows, distinct (machine,
    /// timestamp) pairs and the sum of the values, so that a reading stored twice or lost shows.
    /// </summary>
    public static async Task<(long Rows, long Distinct, long Sum)> ReadingsOnAsync(PatroniNode node, string database, string? asset = null)
    {
        await using var connection = new NpgsqlConnection(PatroniCluster.NodeConnectionString(node, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT (asset_id, ts)), coalesce(sum(value), 0)::bigint FROM telemetry_readings WHERE $1::text IS NULL OR asset_id = $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)asset ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
