using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// Two hub nodes (two DI containers, each with its own connection pool, rules stage and evaluator) on one PostgreSQL
/// database, readings entering through both: every alarm gives exactly one alarm row, one ticket and one set of outbox
/// messages, none doubled and none lost. Each partition of machines is evaluated by the node holding its lease, under the
/// partition's advisory lock and fence (issue 18 item 2), should a lease move between the nodes meanwhile.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRulesTwoNodesTests(PostgresFixture postgres)
{
    private const string Rule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major }
        """;

    private const int Machines = 12;

    // Recent, so that no SLA target passes during the test (an escalation would queue one more message).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task TwoNodes_EvaluateOneQueueAtOnce_EachAlarmOneTicketAndOneMessageSet()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var database = await postgres.NewDatabaseAsync();
        string[] settings = RulesHub.Settings(smtp,
            "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={database}", "--Hub:Notifications:CustomerLimit=1000");

        // Both nodes start at once on the empty database: both migrate under the migration lock, and both come up.
        var starting = new[] { RulesHub.PrepareFolder(Rule), RulesHub.PrepareFolder(Rule) }
            .Select(folder => Task.Run(() => TestHub.StartInAsync(folder, settings))).ToList();
        await Task.WhenAll(starting);
        await using var a = await starting[0];
        await using var b = await starting[1];
        Assert.Equal(PostgreSqlSchemaVersions(), await Sql.ListAsync<int>(database, "SELECT version FROM schema_migrations ORDER BY version"));

        await RulesHub.SeedCustomersAsync(a);
        var stamp = new SourceStamp("erp", T0);
        await a.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [.. Enumerable.Range(3, Machines - 2).Select(i => new CanonicalChange(new InstalledEquipment { AssetId = $"EQ-{i}", CustomerCode = i % 2 == 0 ? "C002" : "C001" }, stamp))],
            [], CancellationToken.None);

        // Wave 1 raises one alarm per machine; wave 2, once wave 1 is evaluated, keeps each machine above the limit: a
        // node whose evaluator did not see the machine's raise (the other node evaluated it) must not raise it again.
        // Readings go in through both nodes' stores; the node holding each machine's partition evaluates them.
        for (var wave = 0; wave < 2; wave++)
        {
            var at = T0.AddSeconds(10 * wave);
            await Task.WhenAll(Enumerable.Range(1, Machines).Select(i =>
                RulesHub.ReadingsAsync(i % 2 == 0 ? a : b, $"EQ-{i}", "temperature", (at, 95 + wave), (at.AddSeconds(1), 96 + wave))));
            var expected = 2 * Machines * (wave + 1);
            await RulesHub.WaitForAsync(
                () => Task.FromResult(RulesHub.RulesCount(a, "readingsEvaluated") + RulesHub.RulesCount(b, "readingsEvaluated") >= expected),
                $"{expected} readings evaluated by the two nodes");
        }

        // The rules partitions run on the nodes holding their leases (issue 18 item 2), the outbox on both: settle them together.
        await RulesHub.SettledAsync([a, b]);

        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs"));
        Assert.Equal(2L * 2 * Machines, RulesHub.RulesCount(a, "readingsEvaluated") + RulesHub.RulesCount(b, "readingsEvaluated"));
        var alarms = await Sql.ListAsync<string>(database, "SELECT asset_id || ' x' || count(*) FROM alarms GROUP BY asset_id HAVING count(*) <> 1 ORDER BY 1");
        Assert.True(alarms.Count == 0, "machines with other than one alarm: " + string.Join(", ", alarms));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM alarms"));
        Assert.Equal((long)Machines, RulesHub.RulesCount(a, "alarmsRaised") + RulesHub.RulesCount(b, "alarmsRaised"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(DISTINCT asset_id) FROM tickets"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM tickets"));
        // One message to the machine's customer and one to the desk per ticket, and one to the quality lead per P0
        // ticket (C001 is a Gold customer), each queued once.
        var p0 = await Sql.CountAsync(database, "SELECT count(*) FROM tickets WHERE priority = 'P0'");
        Assert.Equal((2L * Machines) + p0, await Sql.CountAsync(database, "SELECT count(*) FROM outbox"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM outbox WHERE audience = 'customer'"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM outbox WHERE audience = 'desk'"));
    }

    private static List<int> PostgreSqlSchemaVersions() => [.. IntegrationHub.Hub.Host.Store.PostgreSql.PostgreSqlSchema.All.Select(m => m.Version)];
}
