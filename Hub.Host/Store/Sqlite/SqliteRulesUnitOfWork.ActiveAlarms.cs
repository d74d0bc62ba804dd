using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// The alarms still active of a family of rules (issue 22: the MES conditions held across a hub restart).
internal sealed partial class SqliteRulesUnitOfWork
{
    public async Task<IReadOnlyList<(string RuleId, string AssetId)>> ActiveAlarmsAsync(string ruleIdPrefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleIdPrefix);
        // substr rather than LIKE: a rule id may hold % or _, which LIKE would read as wildcards.
        await using var command = Cmd("""
            SELECT DISTINCT rule_id, asset_id FROM alarms
            WHERE cleared_at IS NULL AND substr(rule_id, 1, length(@p)) = @p
            ORDER BY rule_id, asset_id
            """);
        Add(command, "@p", ruleIdPrefix);
        var alarms = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alarms.Add((reader.GetString(0), reader.GetString(1)));
        }

        return alarms;
    }
}
