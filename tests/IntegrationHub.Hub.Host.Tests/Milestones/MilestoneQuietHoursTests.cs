using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>
/// Quiet hours hold a customer's milestone message until they end (delayed, not dropped), while the sales owner, who
/// is staff, is told at once; and a restarted hub resumes detection from its stored position without telling again.
/// </summary>
public abstract class MilestoneQuietHoursTests(TestStore store)
{
    public sealed class OnSqlite() : MilestoneQuietHoursTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MilestoneQuietHoursTests(TestStore.PostgreSql);

    [Fact]
    public async Task QuietHours_HoldTheCustomersMessage_TheSalesOwnerIsToldAtOnce()
    {
        var now = DateTime.UtcNow;
        // A quiet window from an hour ago to an hour ahead (UTC), whatever the time of the run.
        var quiet = $"{now.AddHours(-1):HH:mm}-{now.AddHours(1):HH:mm}";
        var fixture = new QuietHub(store, $"--Hub:Notifications:QuietHours={quiet}", "--Hub:Notifications:TimeZone=UTC");
        await fixture.InitializeAsync();
        try
        {
            await fixture.DropOrdersAsync("orders-q01.csv", ("SO-Q01-1", "Q01", "20251031", "2025-10-01 09:00:00"));
            await fixture.DropShipmentsAsync("shipments-q01.csv", "SH-Q01-1,SO-Q01-1,1,3,DHL,JD0000000001,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

            Assert.Single(fixture.MailsTo("sq1@plant.test"));
            await WaitFor.ConditionAsync(
                async () => await fixture.Hub.CountAsync("SELECT count(*) FROM outbox WHERE customer_code = 'Q01' AND audience = 'customer' AND status = 'Pending' AND last_error LIKE 'held for quiet hours until%'") == 1,
                "the customer's message held for quiet hours");
            Assert.Empty(fixture.MailsTo("q01@cust.test"));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class QuietHub(TestStore store, params string[] extra) : MilestoneHub(store, extra);
}
