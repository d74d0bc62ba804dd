using System.Text.Json;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>
/// Customer-master changes after the first milestones (session 25): a sales owner added later and a chat robot named
/// later (and then chosen by the customer) are used for the milestones detected afterwards; what was told before is
/// not told again.
/// </summary>
public abstract class MilestoneCustomerChangeTests(MilestoneHub fixture)
{
    public sealed class OnSqlite(MilestoneHub.OnSqlite hub) : MilestoneCustomerChangeTests(hub), IClassFixture<MilestoneHub.OnSqlite>;

    public sealed class OnPostgreSql(MilestoneHub.OnPostgreSql hub) : MilestoneCustomerChangeTests(hub), IClassFixture<MilestoneHub.OnPostgreSql>;

    private static readonly string Header = MilestoneHub.Customers[..(MilestoneHub.Customers.IndexOf('\n', StringComparison.Ordinal) + 1)];

    [Fact]
    public async Task SalesOwnerAddedAndRobotChosenLater_UsedForTheNextMilestone_TheEarlierOneNotRetold()
    {
        await fixture.Hub.DropAsync("customers-m10-a.csv", Header + "M10,Changed Master Ltd,Standard,EU,m10@cust.test,,en,,,2025-10-01 08:00:00\n");
        await fixture.Hub.WaitForInboxEmptyAsync();
        await fixture.DropOrdersAsync("orders-m10.csv", ("SO-M10-1", "M10", "20251031", "2025-10-01 09:00:00"), ("SO-M10-2", "M10", "20251031", "2025-10-01 09:00:00"));
        await fixture.DropShipmentsAsync("shipments-m10-a.csv", "SH-M10-1,SO-M10-1,1,2,DHL,JD0000000110,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");
        Assert.Equal("Your order SO-M10-1 has shipped (DHL JD0000000110)", Assert.Single(fixture.MailsTo("m10@cust.test")).Subject);
        Assert.DoesNotContain(fixture.Smtp.Messages(), m => m.Subject.StartsWith("[M10]", StringComparison.Ordinal));
        var token = await fixture.Hub.IssueTokenAsync("M10");
        // No robot in the customer record yet: chat is not a choice.
        Assert.Equal(400, await ChooseChatAsync(token));

        // The CRM adds the sales owner and the customer's robot; the customer then chooses the robot.
        await fixture.Hub.DropAsync("customers-m10-b.csv", Header + "M10,Changed Master Ltd,Standard,EU,m10@cust.test,,en,s10@plant.test,robot-m07,2025-10-02 08:00:00\n");
        await fixture.Hub.WaitForInboxEmptyAsync();
        Assert.Equal(200, await ChooseChatAsync(token));
        await fixture.DropShipmentsAsync("shipments-m10-b.csv", "SH-M10-2,SO-M10-2,1,2,DHL,JD0000000111,2025-10-11 14:00:00,2025-10-13,,2025-10-11 14:05:00\n");

        var robot = Assert.Single(fixture.Robot.Accepted.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("subject").GetString()!), s => s.Contains("SO-M10", StringComparison.Ordinal));
        Assert.Contains("SO-M10-2", robot, StringComparison.Ordinal);
        Assert.Single(fixture.MailsTo("m10@cust.test"));
        var sales = Assert.Single(fixture.MailsTo("s10@plant.test"));
        Assert.Equal("[M10] order SO-M10-2 shipped (DHL JD0000000111)", sales.Subject);
        Assert.Contains("Customer told by: chat.", sales.Body, StringComparison.Ordinal);
        Assert.Equal(2, await fixture.Hub.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no IN ('SO-M10-1', 'SO-M10-2')"));
    }

    private async Task<int> ChooseChatAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/portal/milestones") { Content = new StringContent("""{"channel": "chat"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Portal", "1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.Hub.Client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
