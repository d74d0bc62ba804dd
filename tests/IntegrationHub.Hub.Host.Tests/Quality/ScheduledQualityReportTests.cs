using IntegrationHub.Hub.Host.Quality;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Quality;

/// <summary>
/// Issue 21 item 4: the data-quality report mailed to IT on a schedule (02:30 in Asia/Shanghai, 18:30 UTC), through the
/// outbox to a real SMTP server (Debian's aiosmtpd), by a hub whose clock the test holds: once per occurrence, once
/// more for an occurrence missed while the hub was down, never twice for the same occurrence.
/// </summary>
public sealed class ScheduledQualityReportTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Settings(SmtpTestServer smtp) =>
    [
        "--Hub:Notifications:Channels:mail:Kind=smtp",
        "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
        $"--Hub:Notifications:Channels:mail:Port={smtp.Port}",
        $"--Hub:Notifications:Channels:mail:CaFile={smtp.Certificates!.CaFile}",
        $"--Hub:Notifications:Channels:mail:UserName={smtp.UserName}",
        $"--Hub:Notifications:Channels:mail:Password={smtp.Password}",
        "--Hub:Notifications:Channels:mail:From=hub@plant.test",
        "--Hub:Quality:Report:Schedule=30 2 * * *",
        "--Hub:Quality:Report:ScheduleTimeZone=Asia/Shanghai",
        "--Hub:Quality:Report:Channel=mail",
        "--Hub:Quality:Report:Recipients:0=it@plant.test",
        // The test's clock stands still between its steps, and lease renewals wait on it; leases expire by the
        // database's clock, so the lease must outlast the test.
        "--Hub:Leases:Duration=01:00:00",
    ];

    [Fact]
    public async Task Schedule_DueInTheClock_OneMailPerOccurrence_AMissedOneSentAtStart_NeverTwice()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = TestHub.NewDataFolder();

        // First start of all, at 02:29 in Shanghai: the service notes the time and waits for 02:30.
        var clock = new ManualTimeProvider(Utc("2026-03-10T18:29:00Z"));
        await using (var hub = await TestHub.StartWithClockAsync(clock, folder, Settings(smtp)))
        {
            hub.KeepDataFolder = true;
            var store = hub.Services.GetRequiredService<IHubStore>();
            await WaitFor.ConditionAsync(async () => await store.GetPollWatermarkAsync("schedule/quality-report", CancellationToken.None) is not null
                && clock.HasTimerDueIn(TimeSpan.FromMinutes(1)), "the report's wait for 02:30");
            Assert.Empty(smtp.Messages());

            clock.Advance(TimeSpan.FromMinutes(1));
            await hub.WaitForLogAsync(1841, ": queued; next at 2026-03-12T02:30:00.0000000+08:00");

            var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(120)));
            Assert.Equal(["it@plant.test"], mail.RcptTo);
            Assert.StartsWith("Data-quality report 2026-03-11 02:30: ", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("数据质量报告", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("Data-quality report of the customer master and orders, 2026-03-11 02:30 (Asia/Shanghai).", mail.Body, StringComparison.Ordinal);
        }

        // Down over the next day's 02:30; started at 02:40: that occurrence is sent once, at start.
        clock = new ManualTimeProvider(Utc("2026-03-11T18:40:00Z"));
        await using (var hub = await TestHub.StartWithClockAsync(clock, folder, Settings(smtp)))
        {
            var messages = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(120));
            Assert.Equal(2, messages.Count);
            Assert.StartsWith("Data-quality report 2026-03-12 02:30: ", messages[1].Subject, StringComparison.Ordinal);
            await hub.WaitForLogAsync(1841, ": queued; next at 2026-03-13T02:30:00.0000000+08:00");

            // The same occurrence again (a node that queued it and died before recording it): the outbox refuses it.
            var service = hub.Services.GetRequiredService<QualityReportService>();
            Assert.False(await service.QueueAsync(Utc("2026-03-11T18:30:00Z"), CancellationToken.None));
            Assert.False(await service.QueueAsync(Utc("2026-03-10T18:30:00Z"), CancellationToken.None));
            var counts = await RulesHub.OutboxCountsAsync(hub);
            Assert.Equal(2, counts["Sent"]);
            Assert.False(counts.ContainsKey("Pending"));
        }

        Assert.Equal(2, smtp.Messages().Count);
        Assert.Equal(2, smtp.Messages().Select(m => m.MessageId).Distinct().Count());
    }
}
