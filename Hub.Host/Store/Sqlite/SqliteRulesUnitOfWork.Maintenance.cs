using System.Text.Json;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Hub.Host.Maintenance;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Preventive maintenance (issue 24 item 4): each plan's state per machine, and the key that opens each interval's
// ticket once (SQLite step 25).
internal sealed partial class SqliteRulesUnitOfWork
{
    public async Task<IReadOnlyList<MaintenanceState>> MaintenanceStatesAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken)
    {
        var states = new List<MaintenanceState>();
        foreach (var chunk in assetIds.Distinct(StringComparer.Ordinal).Chunk(RowsPerStatement))
        {
            await using var command = Cmd($"SELECT body FROM maintenance_states WHERE asset_id IN ({string.Join(", ", chunk.Select((_, i) => "@a" + i))})");
            for (var i = 0; i < chunk.Length; i++)
            {
                Add(command, "@a" + i, chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (JsonSerializer.Deserialize(reader.GetString(0), MaintenanceJson.Default.MaintenanceState) is { } state)
                {
                    states.Add(state);
                }
            }
        }

        return states;
    }

    public async Task SaveMaintenanceStateAsync(MaintenanceState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var command = Cmd("""
            INSERT INTO maintenance_states (plan_id, asset_id, body, updated_at) VALUES (@p, @a, @b, @now)
            ON CONFLICT (plan_id, asset_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """);
        Add(command, "@p", state.PlanId);
        Add(command, "@a", state.AssetId);
        Add(command, "@b", JsonSerializer.Serialize(state, MaintenanceJson.Default.MaintenanceState));
        Add(command, "@now", Micros(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClaimMaintenanceIntervalAsync(string planId, string assetId, long interval, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO maintenance_intervals (plan_id, asset_id, interval_no, opened_at) VALUES (@p, @a, @n, @at)
            ON CONFLICT (plan_id, asset_id, interval_no) DO NOTHING
            """);
        Add(command, "@p", planId);
        Add(command, "@a", assetId);
        Add(command, "@n", interval);
        Add(command, "@at", Micros(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
