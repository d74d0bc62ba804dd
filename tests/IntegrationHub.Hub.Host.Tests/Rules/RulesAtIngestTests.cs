using System.Data.Common;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 20 item 1 on both stores: a watched reading is evaluated in the transaction that stores it, never queued in
/// rule_inputs and read back; its ticket is stored when the adapter's batch commits, and a batch that fails leaves no
/// trace in the rules either, so that its replay raises the alarm once. On PostgreSQL the one node holds every rules
/// partition, so it evaluates every reading at ingest (RulesAtIngestPostgreSqlTests: fences and two nodes).
/// </summary>
public abstract class RulesAtIngestTests(TestStore testStore)
{
    private const string OverheatRule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major,
              text: { en: spindle overheating, zh-CN: 主轴温度过高 } }
        """;

    // Recent, so that no SLA target has passed (which would escalate the ticket and send one more mail).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    public sealed class OnSqlite() : RulesAtIngestTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RulesAtIngestTests(TestStore.PostgreSql);

    // Every row ever queued for the rules, counted by a trigger beside the hub (the queue itself is emptied by passes).
    private string CountQueued => AtIngestSql.CountQueued(testStore);

    [Fact]
    public async Task WatchedReadings_AreEvaluatedInTheirOwnCommit_NeverQueued_OneTicketTwoMails()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await hub.CountAsync(CountQueued);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95));

        // Stored with the reading: nothing had to wait for the rules stage's next pass.
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets WHERE asset_id = 'EQ-2'"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms WHERE asset_id = 'EQ-2' AND cleared_at IS NULL"));

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0.AddSeconds(10), 70));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms WHERE asset_id = 'EQ-2' AND cleared_at IS NOT NULL"));

        var mails = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(60));
        Assert.Equal(2, mails.Count);
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(2, smtp.Messages().Count);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM queued_seen"));
        Assert.Equal(2, RulesHub.RulesCount(hub, "readingsEvaluated"));
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsRaised"));
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsCleared"));
    }

    [Fact]
    public async Task ABatchThatFailsAfterTheRulesRan_LeavesNoTrace_AndItsReplayRaisesOnce()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        // The dead letters are stored after the rules ran in the batch's transaction: a fault there undoes them all.
        await hub.CountAsync(AtIngestSql.RefuseLetters(testStore));
        var store = hub.Services.GetRequiredService<IHubStore>();
        IReadOnlyList<CanonicalChange> batch =
            [new(new AssetMetric { AssetId = "EQ-2", Metric = "temperature", Value = 95, Timestamp = T0 }, new SourceStamp("plant-telemetry", T0))];
        IReadOnlyList<DeadLetter> letters = [DeadLetter.Create("plant-telemetry", "plant/EQ-2/x", "{", "not JSON", T0)];

        var fault = await Assert.ThrowsAnyAsync<DbException>(() => store.ApplyAsync(batch, letters, CancellationToken.None));
        Assert.Contains("injected fault", fault.Message, StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM alarms"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM alarm_rule_states"));

        // The adapter's retry of the same batch: the evaluator that ran ahead was dropped, so the alarm is raised now.
        await hub.CountAsync(AtIngestSql.AllowLetters(testStore));
        await store.ApplyAsync(batch, letters, CancellationToken.None);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets WHERE asset_id = 'EQ-2'"));

        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms"));
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsRaised"));
    }

    [Fact]
    public async Task ARedeliveredBatch_EvaluatedAtIngestAgain_RaisesAndClearsNothingTwice()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await hub.CountAsync(CountQueued);

        // QoS 1 redelivers a batch whose acknowledgement was lost: the same readings, committed once already.
        foreach (var (at, value) in new[] { (T0, 95m), (T0, 95m), (T0.AddSeconds(10), 70m), (T0.AddSeconds(10), 70m) })
        {
            await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (at, value));
        }

        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms WHERE cleared_at IS NOT NULL"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM alarms"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(2, await hub.CountAsync("SELECT count(*) FROM telemetry_readings WHERE asset_id = 'EQ-2'"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM queued_seen"));
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsRaised"));
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsCleared"));
    }

    [Fact]
    public async Task AtIngestOff_QueuesEveryWatchedReading_AsBefore()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(
            testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp, "--Hub:Rules:AtIngest=false"));
        await RulesHub.SeedCustomersAsync(hub);
        await hub.CountAsync(CountQueued);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95));

        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM queued_seen"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets WHERE asset_id = 'EQ-2'"));
    }
}
