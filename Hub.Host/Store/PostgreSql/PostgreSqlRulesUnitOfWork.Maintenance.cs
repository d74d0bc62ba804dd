using System.Text.Json;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Hub.Host.Maintenance;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Preventive maintenance (issue 24 item 4), as SqliteRulesUnitOfWork.Maintenance.cs keeps it (PostgreSQL step 16).
internal sealed partial class PostgreSqlRulesUnitOfWork
{
    public async Task<IReadOnlyList<MaintenanceState>> MaintenanceStatesAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM maintenance_states WHERE asset_id = ANY($1)", Pg.TextArray(assetIds.Distinct(StringComparer.Ordinal)));
        var states = new List<MaintenanceState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize(reader.GetString(0), MaintenanceJson.Default.MaintenanceState) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    public async Task SaveMaintenanceStateAsync(MaintenanceState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var command = Cmd("""
            INSERT INTO maintenance_states (plan_id, asset_id, body, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (plan_id, asset_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """,
            Pg.Text(state.PlanId), Pg.Text(state.AssetId), Pg.Text(JsonSerializer.Serialize(state, MaintenanceJson.Default.MaintenanceState)), Pg.Micros(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// The primary key decides between two transactions that insert the same interval at once: the second waits for the
    /// first, and inserts nothing once it has committed (or inserts after all, if it rolled back).
    /// </remarks>
    public async Task<bool> ClaimMaintenanceIntervalAsync(string planId, string assetId, long interval, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO maintenance_intervals (plan_id, asset_id, interval_no, opened_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (plan_id, asset_id, interval_no) DO NOTHING
            """,
            Pg.Text(planId), Pg.Text(assetId), Pg.BigInt(interval), Pg.Micros(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
