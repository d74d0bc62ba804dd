using System.Globalization;
using Npgsql;

namespace IntegrationHub.Cluster.Tests.Support;

/// <summary>The test's own queries on a PostgreSQL database (the hub's store or the ERP's), beside the hub nodes.</summary>
internal static class ClusterDatabase
{
    /// <summary>Runs <paramref name="sql"/> and returns its first value as a number.</summary>
    public static async Task<long> CountAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/> and returns every row's first two columns as text.</summary>
    public static async Task<IReadOnlyList<(string First, string Second)>> PairsAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!, Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!));
        }

        return rows;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; the caller's token is the hang guard, and its end fails the test naming <paramref name="what"/>.</summary>
    /// <remarks><paramref name="what"/> runs after the token has ended: its own queries must not take that token.</remarks>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<Task<string>> what, CancellationToken cancellationToken)
    {
        try
        {
            while (!await condition())
            {
                // The poll interval of a condition wait; the token is its hang guard.
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The guard may end the wait inside the condition's own query as well as in the pause.
            Assert.Fail("Waited in vain (hang guard) for " + await what());
        }
    }
}
