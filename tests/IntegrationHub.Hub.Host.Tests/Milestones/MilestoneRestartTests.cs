using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>
/// The milestone detection's durable position across a restart (session 25): a hub told some milestones and stopped;
/// the WMS went on exporting while it was down; the next hub on the same store resumes from the stored position,
/// tells what is new once and nothing told before again.
/// </summary>
public abstract class MilestoneRestartTests(TestStore testStore)
{
    [Fact]
    public async Task Restart_ResumesFromTheStoredPosition_NothingToldTwice_NothingMissed()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = RulesHub.PrepareFolder(TestRules.Overheat);
        var settings = RulesHub.Settings(smtp, MilestoneHub.SalesSettings);
        var first = await TestHub.StartInAsync(testStore, folder, settings);
        first.KeepDataFolder = true;
        long positionAtStop;
        try
        {
            await first.DropAsync("customers-restart.csv", MilestoneHub.Customers);
            await first.WaitForInboxEmptyAsync();
            await MilestoneHub.DropOrdersAsync(first, "orders-restart.csv",
                ("SO-R01-1", "M01", "20251031", "2025-10-01 09:00:00"), ("SO-R03-1", "M03", "20251031", "2025-10-01 09:00:00"));
            await MilestoneHub.DropShipmentsAsync(first, "shipments-restart-a.csv",
                "SH-R01-1,SO-R01-1,1,10,DHL Express,JD0000000101,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");
            Assert.Single(Mails(smtp, "m01@cust.test"));
            positionAtStop = await first.CountAsync("SELECT last_id FROM milestone_cursor");
            Assert.True(positionAtStop > 0);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // While the hub is down the WMS exports the delivery of SO-R01-1 and the shipping of SO-R03-1, the shipped row of
        // SO-R01-1 again among them (as WMS exports repeat rows).
        Directory.CreateDirectory(first.Inbox);
        await File.WriteAllTextAsync(Path.Combine(first.Inbox, "shipments-restart-b.csv"), MilestoneHub.ShipmentsFile(
            "SH-R01-1,SO-R01-1,1,10,DHL Express,JD0000000101,2025-10-10 14:00:00,2025-10-12,2025-10-12 09:15:00,2025-10-12 09:20:00\n"
            + "SH-R03-1,SO-R03-1,1,4,SF Express,SF0000000103,2025-10-11 10:00:00,2025-10-13,,2025-10-11 10:05:00\n"));

        await using var second = await TestHub.StartInAsync(testStore, folder, settings);
        await second.WaitForInboxEmptyAsync();
        await MilestoneHub.CaughtUpAsync(second);

        var m01 = Mails(smtp, "m01@cust.test");
        Assert.Equal(["Your order SO-R01-1 has shipped (DHL Express JD0000000101)", "Your order SO-R01-1 was delivered"], m01.Select(m => m.Subject));
        Assert.Single(Mails(smtp, "s01@plant.test"), m => m.Subject.Contains("shipped", StringComparison.Ordinal));
        var m03 = Assert.Single(Mails(smtp, "m03@cust.test"));
        Assert.Equal("Your order SO-R03-1 has shipped (SF Express SF0000000103)", m03.Subject);
        Assert.Single(Mails(smtp, "s03@plant.test"), m => m.Subject.Contains("SO-R03-1 shipped", StringComparison.Ordinal));
        Assert.Equal(3, await second.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no IN ('SO-R01-1', 'SO-R03-1')"));

        // The next hub read on from where the first stopped, not from the feed's start.
        var recorded = second.Logs.Entries.Where(e => e.EventId == 2351).ToList();
        Assert.NotEmpty(recorded);
        Assert.All(recorded, e => Assert.DoesNotContain("positions 0 to", e.Message, StringComparison.Ordinal));
        Assert.Contains(recorded, e => e.Message.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"positions {positionAtStop} to"), StringComparison.Ordinal));
        Assert.True(await second.CountAsync("SELECT last_id FROM milestone_cursor") > positionAtStop);
        Assert.Empty(second.Logs.Errors);
    }

    private static List<ReceivedMail> Mails(SmtpTestServer smtp, string address) => [.. smtp.Messages().Where(m => m.RcptTo.Contains(address))];

    public sealed class OnSqlite() : MilestoneRestartTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MilestoneRestartTests(TestStore.PostgreSql);
}
