using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// The rules' reorder window (issue 18 item 2): with MQTT 5 shared subscriptions, one machine's readings reach several
/// nodes, which may store an older reading a moment after a newer one. The rules ignore a reading older than one they
/// have seen, so without the window the older reading's alarm is lost; with it, both are evaluated in time order.
/// </summary>
public abstract class ReorderWindowTests(TestStore testStore)
{
    private const string Rule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major }
        """;

    public sealed class OnSqlite() : ReorderWindowTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ReorderWindowTests(TestStore.PostgreSql);

    [Fact]
    public async Task AnOlderReadingStoredAfterANewerOne_WithinTheWindow_BothEvaluatedInTimeOrder()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(Rule), RulesHub.Settings(smtp, "--Hub:Rules:ReorderWindow=00:00:03"));
        await RulesHub.SeedCustomersAsync(hub);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

        // The newer reading (below the limit) is stored first, as by one node; the older one (above) right after, as by
        // the other. Evaluated in the order stored, the older one would be ignored and no alarm raised.
        await RulesHub.ReadingsAsync(hub, "EQ-1", "temperature", (t0.AddSeconds(10), 80m));
        await RulesHub.ReadingsAsync(hub, "EQ-1", "temperature", (t0, 95m));

        await RulesHub.WaitForAsync(() => Task.FromResult(RulesHub.RulesCount(hub, "readingsEvaluated") == 2), "both readings evaluated");
        Assert.Equal(1L, RulesHub.RulesCount(hub, "alarmsRaised"));
        Assert.Equal(1L, RulesHub.RulesCount(hub, "alarmsCleared"));
        Assert.Equal(1L, await hub.CountAsync("SELECT count(*) FROM alarms WHERE cleared_at IS NOT NULL"));
        Assert.Equal(1L, await hub.CountAsync("SELECT count(*) FROM tickets"));
    }
}
