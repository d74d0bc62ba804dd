using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>
/// The rules stage's figures on <c>/metrics</c> after real work (issue 19 item 2): an overheat five hours ago opens a
/// ticket whose SLA target has passed, so it is escalated; a mail server that refuses everything leaves the mails
/// dead in the outbox.
/// </summary>
public abstract class RulesMetricsTests(TestStore testStore)
{
    public sealed class OnSqlite() : RulesMetricsTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RulesMetricsTests(TestStore.PostgreSql);

    [Fact]
    public async Task Metrics_TicketOpenedAndEscalated_MailsDead_CountedAsTheStoreHasThem()
    {
        await using var smtp = await SmtpTestServer.StartAsync(failWith: "550 5.1.1 mailbox unavailable");
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp, ScrapedMetrics.Enabled));
        await RulesHub.SeedCustomersAsync(hub);
        // P1 (major alarm, standard customer): respond within 4 h, so the target passed an hour ago.
        var fiveHoursAgo = DateTimeOffset.UtcNow.AddHours(-5);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (fiveHoursAgo, 95), (fiveHoursAgo.AddSeconds(31), 97));

        await RulesHub.WaitForAsync(async () => (await ScrapedMetrics.ScrapeAsync(hub.Client)).Value("integrationhub_tickets_escalated", ("level", "Supervisor")) == 1, "the escalation on /metrics");
        var outbox = await RulesHub.SettledAsync(hub);
        var metrics = await ScrapedMetrics.ScrapeAsync(hub.Client);
        Assert.Equal(1, metrics.Value("integrationhub_tickets_opened", ("priority", "P1")));
        Assert.Equal(1, metrics.Value("integrationhub_tickets_escalated", ("level", "Supervisor")));
        Assert.True(outbox.GetValueOrDefault("Dead") >= 2, string.Join(", ", outbox));
        Assert.Equal(outbox["Dead"], metrics.Value("integrationhub_outbox_messages", ("status", "dead")));
        // Pending before, none now: 0, not the last count seen.
        Assert.Equal(0, metrics.Value("integrationhub_outbox_messages", ("status", "pending")));
        Assert.True(metrics.Value("integrationhub_rules_evaluation_duration_count") >= 1, metrics.Text);
        Assert.True(metrics.Value("integrationhub_adapters_errors", ("adapter", "outbox"), ("kind", "failedAttempts")) >= outbox["Dead"], metrics.Text);
    }
}
