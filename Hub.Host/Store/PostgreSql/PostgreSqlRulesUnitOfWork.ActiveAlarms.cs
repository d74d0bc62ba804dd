namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The alarms still active of a family of rules, as SqliteRulesUnitOfWork.ActiveAlarms.cs reads them.
internal sealed partial class PostgreSqlRulesUnitOfWork
{
    public async Task<IReadOnlyList<(string RuleId, string AssetId)>> ActiveAlarmsAsync(string ruleIdPrefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleIdPrefix);
        // starts_with rather than LIKE: a rule id may hold % or _, which LIKE would read as wildcards.
        await using var command = Cmd("""
            SELECT DISTINCT rule_id, asset_id FROM alarms
            WHERE cleared_at IS NULL AND starts_with(rule_id, $1)
            ORDER BY rule_id, asset_id
            """, Pg.Text(ruleIdPrefix));
        var alarms = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alarms.Add((reader.GetString(0), reader.GetString(1)));
        }

        return alarms;
    }
}
