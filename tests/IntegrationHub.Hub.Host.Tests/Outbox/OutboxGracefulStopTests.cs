using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// A graceful stop with a mail on the wire (session 25): the last session saw the next hub send such a mail again. The
/// SMTP server (aiosmtpd) keeps the message and holds its reply to DATA until the test releases it, so the mail is in
/// flight for exactly as long as the test needs: the stop waits for it (Hub:Notifications:StopGrace) and records it
/// sent, or, with the grace exceeded, hands it back and the next hub sends it again.
/// </summary>
public abstract class OutboxGracefulStopTests(TestStore testStore)
{
    [Fact]
    public async Task Stop_MailInFlight_FinishesWithinTheGrace_NextHubSendsNothingAgain()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { HoldData = 1 });
        // The grace is a hang guard here: the test releases the reply as soon as the stop waits for it.
        var (first, folder, settings) = await StartWithMailInFlightAsync(smtp, "00:01:00", "graceful-1");
        // The host waits for its services longer than the grace (its default of 30 s would cut the grace off).
        Assert.True(first.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout >= TimeSpan.FromSeconds(80));

        var stopping = first.DisposeAsync().AsTask();
        await first.WaitForLogAsync(2362, "for its 1 sends under way");
        smtp.ReleaseHeldReplies();
        await stopping;

        Assert.Contains(first.Logs.Entries, e => e.EventId == 2363 && e.Message.Contains("1 sends under way at the stop finished and recorded, none abandoned", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Logs.Entries, e => e.EventId is 2364 or 2365 or 1643);
        await using var second = await TestHub.StartInAsync(testStore, folder, settings);
        Assert.Equal(1, await second.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Sent'"));
        Assert.Equal(0, await second.CountAsync("SELECT count(*) FROM outbox WHERE status <> 'Sent'"));

        // The new hub sends a mail of its own: had the first one been handed back, it would have gone out with it.
        await EnqueueAsync(second, "graceful-2");
        await WaitFor.ConditionAsync(async () => await second.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Sent'") == 2, "the second mail recorded sent");
        var mails = smtp.Messages();
        Assert.Equal(["message graceful-1", "message graceful-2"], mails.Select(m => m.Subject));
        Assert.Empty(second.Logs.Errors);
    }

    [Fact]
    public async Task Stop_MailInFlightBeyondTheGrace_Abandoned_NextHubSendsItAgain()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { HoldData = 1 });
        // The reply is released only after the stop has ended: the grace always runs out first, however busy the machine.
        var (first, folder, settings) = await StartWithMailInFlightAsync(smtp, "00:00:00.200", "abandoned-1");

        await first.DisposeAsync();
        smtp.ReleaseHeldReplies();

        var abandoned = Assert.Single(first.Logs.Entries, e => e.EventId == 2365);
        Assert.Equal(LogLevel.Warning, abandoned.Level);
        Assert.Contains("ticket-opened/abandoned-1/desk/mail", abandoned.Message, StringComparison.Ordinal);
        Assert.Contains(first.Logs.Entries, e => e.EventId == 2364 && e.Message.Contains("0 sends under way at the stop finished and recorded, 1 abandoned", StringComparison.Ordinal));
        await using var second = await TestHub.StartInAsync(testStore, folder, settings);
        await WaitFor.ConditionAsync(async () => await second.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Sent'") == 1, "the abandoned mail sent by the next hub");

        // At least once: twice here, both with the outbox message's one Message-ID, so a receiver that drops repeats keeps one.
        var mails = smtp.Messages();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal("message abandoned-1", m.Subject));
        Assert.Single(mails.Select(m => m.MessageId).Distinct());
        Assert.Empty(second.Logs.Errors);
    }

    /// <summary>A hub (its data folder kept for the next one) whose one mail is on the server, the reply to its DATA held.</summary>
    private async Task<(TestHub Hub, string Folder, string[] Settings)> StartWithMailInFlightAsync(SmtpTestServer smtp, string grace, string id)
    {
        var folder = RulesHub.PrepareFolder(TestRules.Overheat);
        var settings = Settings(smtp, grace);
        var hub = await TestHub.StartInAsync(testStore, folder, settings);
        hub.KeepDataFolder = true;
        await EnqueueAsync(hub, id);
        await WaitFor.ConditionAsync(() => smtp.Messages().Count == 1, "the mail on the server with its DATA reply held");
        return (hub, folder, settings);
    }

    private static string[] Settings(SmtpTestServer smtp, string grace) => RulesHub.Settings(
        smtp,
        $"--Hub:Notifications:StopGrace={grace}",
        // Longer than any wait of the test: the held reply must not time out on the client's side.
        "--Hub:Notifications:Channels:mail:Timeout=00:05:00");

    private static async Task EnqueueAsync(TestHub hub, string id)
    {
        await OutboxNode.EnqueueAsync(hub.Services.GetRequiredService<IRulesStore>(), [OutboxNode.Message(id, TimeProvider.System.GetUtcNow())]);
        hub.Services.GetRequiredKeyedService<WorkSignal>(OutboxDispatcher.EnqueuedSignal).Pulse();
    }

    public sealed class OnSqlite() : OutboxGracefulStopTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : OutboxGracefulStopTests(TestStore.PostgreSql);
}
