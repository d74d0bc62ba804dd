using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// The rules' queue keeps each reading's machine slot in a generated column (issue 18 item 2): PostgreSQL's md5 must give
/// the slot the hub computes (<see cref="RulePartition.SlotOf"/>), or a partition would read another's machines.
/// </summary>
public sealed class PostgreSqlRuleSlotTests
{
    [Fact]
    public async Task SlotColumn_ForAssortedAssetIds_EqualsTheHubsHash()
    {
        var folder = TestHub.NewDataFolder();
        try
        {
            var database = await TestStore.DatabaseAsync(folder);
            string[] assets = ["EQ-1", "machine-042", "", "机器-7", "Ünïcödé ✓", "a'b", .. Enumerable.Range(0, 200).Select(i => $"line-{i % 7}/cell-{i}")];
            var values = string.Join(", ", assets.Select((a, i) => $"('{a.Replace("'", "''", StringComparison.Ordinal)}', 'temperature', {i}, 1, 'Good', {i})"));
            await IntegrationHub.Tests.Common.Postgres.PostgresServer.ExecuteAsync(database, $"INSERT INTO rule_inputs (asset_id, metric, ts, value, quality, queued) VALUES {values}");

            var slots = await Sql.ListAsync<string>(database, "SELECT asset_id || '=' || slot FROM rule_inputs ORDER BY ts");

            Assert.Equal(assets.Select(a => $"{a}={RulePartition.SlotOf(a)}"), slots);
        }
        finally
        {
            await TestStore.DropDatabaseAsync(folder);
            Directory.Delete(folder, recursive: true);
        }
    }
}
