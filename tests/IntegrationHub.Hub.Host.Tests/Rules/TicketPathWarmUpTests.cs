using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 20: the ticket path runs once at start in a unit of work that is rolled back (TicketPathWarmUp), so that the
/// first alarm does not compile it while holding the store's lock. On both stores: it ran, it left no alarm, ticket,
/// history, message or ticket number behind, it neither logged nor counted a ticket, and a store that fails it does
/// not stop the hub.
/// </summary>
public abstract class TicketPathWarmUpTests(TestStore testStore)
{
    // Recent, so that no SLA target has passed (which would escalate the ticket and send one more mail).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    public sealed class OnSqlite() : TicketPathWarmUpTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : TicketPathWarmUpTests(TestStore.PostgreSql);

    [Fact]
    public async Task AtStart_TheTicketPathRunsAndIsRolledBack_TheFirstAlarmStillGetsTicketNumberOne()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));

        await hub.WaitForLogAsync(2360, "overheat");
        foreach (var table in new[] { "alarms", "tickets", "ticket_history", "outbox", "customer_holds" })
        {
            Assert.Equal(0, await hub.CountAsync($"SELECT count(*) FROM {table}"));
        }

        // Neither the hub's "ticket opened" nor its "no installed-equipment record" was logged for the warm-up's machine.
        Assert.DoesNotContain(hub.Logs.Entries, e => e.Message.Contains(TicketPathWarmUp.AssetId, StringComparison.Ordinal) && e.EventId != 2360);

        await RulesHub.SeedCustomersAsync(hub);
        // Above the limit for longer than the rule's 30 s: raised by the readings themselves.
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 95), (T0.AddSeconds(32), 95));
        var outbox = await RulesHub.SettledAsync(hub);

        // The counter the warm-up drew its ticket number from was rolled back with it.
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM tickets WHERE asset_id = 'EQ-2' AND ticket_no LIKE '%-000001'"));
        Assert.Equal(0, await hub.CountAsync($"SELECT count(*) FROM outbox WHERE body LIKE '%{TicketPathWarmUp.AssetId}%' OR subject LIKE '%{TicketPathWarmUp.AssetId}%'"));
        Assert.Equal(["Sent"], outbox.Keys);
        Assert.Equal(1, RulesHub.RulesCount(hub, "alarmsRaised"));
        Assert.Single(hub.Logs.Entries, e => e.EventId == 2102);
    }

    [Fact]
    public async Task AStoreThatRefusesTheWarmUp_IsLogged_AndDoesNotStopTheStart()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));
        var warmUp = WarmUpOf(hub, new RefusingRulesStore());

        await warmUp.RunAsync(CancellationToken.None);

        var failed = Assert.Single(hub.Logs.Entries, e => e.EventId == 2361);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Contains("overheat", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM tickets"));
    }

    [Fact]
    public async Task AStopDuringTheWarmUp_IsACancellation_NotAFailure()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));
        var warmUp = WarmUpOf(hub, hub.Services.GetRequiredService<IRulesStore>());
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warmUp.RunAsync(stopped.Token));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 2361);
    }

    /// <summary>A warm-up with the hub's rules, settings and logger, on <paramref name="store"/>.</summary>
    private static TicketPathWarmUp WarmUpOf(TestHub hub, IRulesStore store) => new(
        hub.Services.GetRequiredService<HubRules>(), hub.Services.GetRequiredService<HubOptions>(), hub.Services.GetRequiredService<NotificationPlanner>(),
        store, TimeProvider.System, hub.Services.GetRequiredService<ILogger<TicketPathWarmUp>>());

    /// <summary>A store that cannot begin a unit of work, as one that is down at start.</summary>
    private sealed class RefusingRulesStore : IRulesStore
    {
        public Task<IRulesUnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
            Task.FromException<IRulesUnitOfWork>(new InvalidOperationException("the store is down (injected)"));
    }
}
