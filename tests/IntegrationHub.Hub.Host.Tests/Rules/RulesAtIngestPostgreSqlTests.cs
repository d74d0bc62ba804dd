using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 20 item 1 on PostgreSQL, where several nodes share one database: a node evaluates at ingest the readings of
/// the rules partitions it holds, under the partitions' advisory locks, and commits only while their lease fences are
/// current; it queues the others for their holder. A fence lost between the evaluation and the commit rolls the whole
/// batch back and its retry is queued; two nodes each evaluate their own machines at ingest, one ticket per alarm.
/// </summary>
public sealed class RulesAtIngestPostgreSqlTests
{
    private const string Rule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major }
        """;

    private const int Partitions = 4;

    // A two-key advisory lock of the test's own ("TEST", 4242), apart from the hub's classes (HBRP, OBC1).
    private const string TestLock = "1413829460, 4242";

    // Recent, so that no SLA target passes during the test.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task AFenceLostBetweenEvaluationAndCommit_RollsTheBatchBack_TheRetryIsQueued_AndRaisesOnceForTheNewHolder()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = RulesHub.PrepareFolder(Rule);
        var database = await TestStore.DatabaseAsync(folder);
        await using var hub = await TestHub.StartInAsync(TestStore.PostgreSql, folder, Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await hub.CountAsync(AtIngestSql.CountQueued(TestStore.PostgreSql));
        var lease = PartitionShare.LeaseName(RulePartition.Of("EQ-2", Partitions).Index);

        // The dead letters are stored after the rules ran in the batch's transaction: there the batch waits for the
        // test's lock, while "another node" takes the partition over.
        await Sql.ExecuteAsync(database, $"""
            CREATE FUNCTION hold_letters() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock({TestLock}); RETURN NEW; END $$;
            CREATE TRIGGER hold_letters BEFORE INSERT ON dead_letters FOR EACH ROW EXECUTE FUNCTION hold_letters();
            """);
        var store = hub.Services.GetRequiredService<IHubStore>();
        IReadOnlyList<CanonicalChange> batch =
            [new(new AssetMetric { AssetId = "EQ-2", Metric = "temperature", Value = 95, Timestamp = T0 }, new SourceStamp("plant-telemetry", T0))];
        IReadOnlyList<DeadLetter> letters = [DeadLetter.Create("plant-telemetry", "plant/EQ-2/x", "{", "not JSON", T0)];

        await using (var gate = new NpgsqlConnection(database))
        {
            await gate.OpenAsync();
            await Execute(gate, $"SELECT pg_advisory_lock({TestLock})");
            var apply = store.ApplyAsync(batch, letters, CancellationToken.None);
            await RulesHub.WaitForAsync(
                async () => await Sql.CountAsync(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted") == 1,
                "the batch waiting in its dead-letter trigger, its rules evaluated");
            // Node B holds the partition now, for long: the next token, as a takeover after an expiry would give it.
            await Execute(gate, $"UPDATE leases SET holder = 'node-b', token = token + 1, expires_at = expires_at + 3600000000 WHERE name = '{lease}'");
            await Execute(gate, $"SELECT pg_advisory_unlock({TestLock})");

            var refused = await Assert.ThrowsAsync<StaleLeaseException>(() => apply);
            Assert.Contains(lease, refused.Message, StringComparison.Ordinal);
        }

        // Nothing of the batch is stored: not the reading, not its alarm, ticket, state or outbox message.
        foreach (var table in new[] { "telemetry_readings", "dead_letters", "alarms", "tickets", "alarm_rule_states", "outbox", "queued_seen" })
        {
            Assert.Equal(0L, await Sql.CountAsync(database, $"SELECT count(*) FROM {table}"));
        }

        // The adapter's retry: the partition is node B's, so the reading is queued for it, not evaluated here.
        await Sql.ExecuteAsync(database, "DROP TRIGGER hold_letters ON dead_letters");
        await store.ApplyAsync(batch, letters, CancellationToken.None);
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM queued_seen"));
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs"));
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM tickets"));

        // Node B lets the partition go; this node takes it with a new token, and its pass raises the alarm once.
        await Sql.ExecuteAsync(database, $"UPDATE leases SET expires_at = 0 WHERE name = '{lease}'");
        await RulesHub.WaitForAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM tickets") == 1, "the queued reading's ticket");
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(1L, await Sql.CountAsync(database, "SELECT count(*) FROM alarms"));
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs"));
        Assert.Equal(1L, RulesHub.RulesCount(hub, "alarmsRaised"));
    }

    [Fact]
    public async Task TwoNodes_EachEvaluatesItsOwnPartitionsAtIngest_QueuesTheOthers_OneTicketPerAlarm_NoDeadlock()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folderA = RulesHub.PrepareFolder(Rule);
        var folderB = RulesHub.PrepareFolder(Rule);
        var database = await TestStore.DatabaseAsync(folderA);
        await using var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. Settings(smtp), "--Hub:NodeId=node-a"]);
        await using var b = await TestHub.StartInAsync(folderB,
            [.. Settings(smtp), "--Hub:NodeId=node-b", "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={database}"]);
        await RulesHub.WaitForAsync(
            () => Task.FromResult(RulesHub.RulesCount(a, "partitionsHeld") == Partitions / 2 && RulesHub.RulesCount(b, "partitionsHeld") == Partitions / 2),
            "the partitions shared 2 and 2");
        await RulesHub.SeedMachinesAsync(a, Machines, T0);
        await a.CountAsync(AtIngestSql.CountQueued(TestStore.PostgreSql));

        var machines = Enumerable.Range(1, Machines).Select(i => $"EQ-{i}").ToList();
        var heldByA = PartitionsOf(a);
        var holder = machines.ToDictionary(m => m, m => heldByA.Contains(RulePartition.Of(m, Partitions).Index) ? a : b);
        var other = machines.ToDictionary(m => m, m => holder[m] == a ? b : a);
        Assert.Contains(machines, m => holder[m] == a);
        Assert.Contains(machines, m => holder[m] == b);
        // The lease round has published the partitions to the ingest path (right after it counts them as held).
        await RulesHub.WaitForAsync(() => Task.FromResult(machines.All(m => Stage(holder[m]).MayEvaluateAtIngest(m))), "each node evaluating its machines at ingest");

        // Above the limit, each through the node holding the machine's partition: the ticket is there when the batch
        // has committed, and nothing was queued.
        foreach (var machine in machines)
        {
            await ReadingAsync(holder[machine], machine, T0, 95);
            Assert.Equal(1L, await Sql.CountAsync(database, $"SELECT count(*) FROM tickets WHERE asset_id = '{machine}'"));
        }

        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM queued_seen"));
        Assert.True(RulesHub.RulesCount(a, "readingsEvaluated") > 0 && RulesHub.RulesCount(b, "readingsEvaluated") > 0, "both nodes evaluated at ingest");

        // Below, each through the other node: queued there, evaluated by the holder's pass.
        foreach (var machine in machines)
        {
            await ReadingAsync(other[machine], machine, T0.AddSeconds(10), 80);
        }

        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM queued_seen"));
        await RulesHub.WaitForAsync(
            async () => await Sql.CountAsync(database, "SELECT count(*) FROM alarms WHERE cleared_at IS NOT NULL") == Machines
                && await Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs") == 0,
            "every alarm cleared by the holders' passes");

        // Then both nodes at once, two batches at a time each, a batch with machines of one or both of the node's
        // partitions: the partitions' locks are taken in one order, so no two batches deadlock (a deadlock would fail a
        // batch, and its machine's alarms would be missing below). Cross and clear three times more.
        var rounds = Enumerable.Range(0, 6).ToList();
        await Task.WhenAll(new[] { a, b }.SelectMany(node => new[] { 0, 1 }.Select(async half =>
        {
            var mine = machines.Where(m => holder[m] == node).Where((_, n) => n % 2 == half).ToList();
            foreach (var round in rounds)
            {
                var at = T0.AddSeconds(20 + (10 * round));
                await Store(node).ApplyAsync(
                    [.. mine.Select(m => Reading(m, at, round % 2 == 0 ? 95 : 80))], [], CancellationToken.None);
            }
        })));

        // (Not "nothing queued" here: on a loaded machine a lease may move between nodes meanwhile, and then a reading
        // is queued for the new holder, rightly.)
        await RulesHub.SettledAsync([a, b]);
        await RulesHub.WaitForAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs") == 0, "the queue empty");
        // Four alarms per machine (one, then three more), all cleared; one ticket per machine, opened once.
        Assert.Equal(4L * Machines, await Sql.CountAsync(database, "SELECT count(*) FROM alarms"));
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM alarms WHERE cleared_at IS NULL"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM tickets"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM ticket_history WHERE action = 'opened'"));
        Assert.Equal(3L * Machines, await Sql.CountAsync(database, "SELECT count(*) FROM ticket_history WHERE action = 'occurrence'"));
        Assert.Equal(4L * Machines, RulesHub.RulesCount(a, "alarmsRaised") + RulesHub.RulesCount(b, "alarmsRaised"));
    }

    private const int Machines = 12;

    private static string[] Settings(SmtpTestServer smtp) => RulesHub.Settings(smtp,
        "--Hub:Notifications:CustomerLimit=100000",
        $"--Hub:Rules:Partitions={Partitions}",
        // Short leases, so that a partition let go is taken again within a second.
        "--Hub:Leases:Duration=00:00:02",
        "--Hub:Leases:RenewInterval=00:00:00.500",
        "--Hub:Leases:RetryInterval=00:00:00.200");

    private static Task ReadingAsync(TestHub node, string machine, DateTimeOffset at, decimal value) =>
        Store(node).ApplyAsync([Reading(machine, at, value)], [], CancellationToken.None);

    private static CanonicalChange Reading(string machine, DateTimeOffset at, decimal value) =>
        new(new AssetMetric { AssetId = machine, Metric = "temperature", Value = value, Timestamp = at }, new SourceStamp("plant-telemetry", at));

    private static IHubStore Store(TestHub node) => node.Services.GetRequiredService<IHubStore>();

    private static RulesStageService Stage(TestHub node) => node.Services.GetRequiredService<RulesStageService>();

    private static HashSet<int> PartitionsOf(TestHub node) =>
        [.. Stage(node).Leases.Snapshot.Select(g => PartitionShare.PartitionOf(g.Name)).Where(p => p >= 0)];

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
