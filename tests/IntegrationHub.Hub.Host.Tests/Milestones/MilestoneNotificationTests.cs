using System.Text.Json;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>
/// Order milestones (issue 23 item 2) end to end: ERP and WMS exports dropped in the inbox, the milestones detected from
/// the committed changes, and the mails and robot messages as a real SMTP server and webhook receiver get them, through
/// the same templates, limits and outbox as tickets.
/// </summary>
public abstract class MilestoneNotificationTests(MilestoneHub fixture)
{
    public sealed class OnSqlite(MilestoneHub.OnSqlite hub) : MilestoneNotificationTests(hub), IClassFixture<MilestoneHub.OnSqlite>;

    public sealed class OnPostgreSql(MilestoneHub.OnPostgreSql hub) : MilestoneNotificationTests(hub), IClassFixture<MilestoneHub.OnPostgreSql>;

    private const string Shipped = "SH-M01-1,SO-M01-1,1,10,DHL Express,JD0123456789,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
        + "SH-M01-1,SO-M01-1,2,5,DHL Express,JD0123456789,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n";

    [Fact]
    public async Task Shipped_WithCarrierAndTracking_OneMailToTheCustomerAndOneToTheSalesOwner_TheSameFileAgainSendsNothing()
    {
        await fixture.DropOrdersAsync("orders-m01.csv", ("SO-M01-1", "M01", "20251031", "2025-10-01 09:00:00"));

        await fixture.DropShipmentsAsync("shipments-m01.csv", Shipped);

        var customer = Assert.Single(fixture.MailsTo("m01@cust.test"));
        Assert.Equal("Your order SO-M01-1 has shipped (DHL Express JD0123456789)", customer.Subject);
        Assert.Contains("Shipment SH-M01-1: DHL Express, tracking number JD0123456789, expected on 2025-10-12.", customer.Body, StringComparison.Ordinal);
        var sales = Assert.Single(fixture.MailsTo("s01@plant.test"));
        Assert.Equal("[M01] order SO-M01-1 shipped (DHL Express JD0123456789)", sales.Subject);
        Assert.Contains("Customer told by: mail.", sales.Body, StringComparison.Ordinal);

        // The WMS exports the same file again (and the same rows under another name): nothing new to tell.
        await fixture.DropShipmentsAsync("shipments-m01.csv", Shipped);
        await fixture.DropShipmentsAsync("shipments-m01-again.csv", Shipped);
        Assert.Single(fixture.MailsTo("m01@cust.test"));
        Assert.Single(fixture.MailsTo("s01@plant.test"));
        Assert.Equal(1, await fixture.Hub.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no = 'SO-M01-1'"));
    }

    [Fact]
    public async Task Delivered_TellsTheCustomerOnce_WithTheDeliveryTime()
    {
        await fixture.DropOrdersAsync("orders-m02.csv", ("SO-M02-1", "M02", "20251031", "2025-10-01 09:00:00"));
        await fixture.DropShipmentsAsync("shipments-m02.csv", "SH-M02-1,SO-M02-1,1,3,,,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");
        Assert.Empty(fixture.MailsTo("m02@cust.test"));

        await fixture.DropShipmentsAsync("shipments-m02-b.csv", "SH-M02-1,SO-M02-1,1,3,,,2025-10-10 14:00:00,2025-10-12,2025-10-12 10:30:00,2025-10-12 11:00:00\n");

        var mail = Assert.Single(fixture.MailsTo("m02@cust.test"));
        Assert.Equal("Your order SO-M02-1 was delivered", mail.Subject);
        Assert.Contains("shipment SH-M02-1 of your order SO-M02-1 was delivered on 2025-10-12 10:30.", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EtaPastThePromisedDate_TellsOnce_EvenWhenItMovesBackAndPastAgain()
    {
        await fixture.DropOrdersAsync("orders-m03.csv", ("SO-M03-1", "M03", "20251031", "2025-10-01 09:00:00"));
        // On the promised day: not late.
        await fixture.DropShipmentsAsync("shipments-m03-a.csv", "SH-M03-1,SO-M03-1,1,3,,,2025-10-20 14:00:00,2025-10-31,,2025-10-20 14:05:00\n");
        Assert.Empty(fixture.MailsTo("m03@cust.test"));

        await fixture.DropShipmentsAsync("shipments-m03-b.csv", "SH-M03-1,SO-M03-1,1,3,,,2025-10-20 14:00:00,2025-11-05,,2025-10-21 08:00:00\n");
        var mail = Assert.Single(fixture.MailsTo("m03@cust.test"));
        Assert.Equal("Your order SO-M03-1 is expected after the promised date", mail.Subject);
        Assert.Contains("for 2025-10-31; the carrier now expects shipment SH-M03-1 on 2025-11-05.", mail.Body, StringComparison.Ordinal);
        Assert.Single(fixture.MailsTo("s03@plant.test"));

        // Back before the promise, then past it again: the customer already knows; the same promise is not missed twice.
        await fixture.DropShipmentsAsync("shipments-m03-c.csv", "SH-M03-1,SO-M03-1,1,3,,,2025-10-20 14:00:00,2025-10-30,,2025-10-22 08:00:00\n");
        await fixture.DropShipmentsAsync("shipments-m03-d.csv", "SH-M03-1,SO-M03-1,1,3,,,2025-10-20 14:00:00,2025-11-06,,2025-10-23 08:00:00\n");
        Assert.Single(fixture.MailsTo("m03@cust.test"));

        // A new promise (the ERP moved the date) that is missed again is news again.
        await fixture.DropOrdersAsync("orders-m03-b.csv", ("SO-M03-1", "M03", "20251104", "2025-10-24 09:00:00"));
        await fixture.CaughtUpAsync();
        Assert.Equal(2, fixture.MailsTo("m03@cust.test").Count);
        Assert.Contains(fixture.MailsTo("m03@cust.test"), m => m.Body.Contains("for 2025-11-04;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACustomerWhoOptedOutOfShipped_IsNotTold_TheSalesOwnerStillIs()
    {
        var token = await fixture.Hub.IssueTokenAsync("M04");
        using var put = Put(token, """{"shipped": false}""");
        var response = await fixture.Hub.Client.SendAsync(put);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(choice.GetProperty("shipped").GetBoolean());
        Assert.True(choice.GetProperty("delivered").GetBoolean());
        Assert.Equal("mail", choice.GetProperty("channel").GetString());

        await fixture.DropOrdersAsync("orders-m04.csv", ("SO-M04-1", "M04", "20251031", "2025-10-01 09:00:00"));
        await fixture.DropShipmentsAsync("shipments-m04.csv", "SH-M04-1,SO-M04-1,1,3,SF Express,SF0000000004,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

        Assert.Empty(fixture.MailsTo("m04@cust.test"));
        var sales = Assert.Single(fixture.MailsTo("s04@plant.test"));
        Assert.Contains("Customer told by: none.", sales.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MilestonesTheCustomerChose_AreServiceMessages_TheLimitOfTwoDoesNotStopTheThirdParcel()
    {
        await fixture.DropOrdersAsync("orders-m05.csv", ("SO-M05-1", "M05", "20251031", "2025-10-01 09:00:00"));

        await fixture.DropShipmentsAsync("shipments-m05.csv",
            "SH-M05-1,SO-M05-1,1,1,UPS,1Z0001,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
            + "SH-M05-2,SO-M05-1,1,1,UPS,1Z0002,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
            + "SH-M05-3,SO-M05-1,1,1,UPS,1Z0003,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

        // Hub:Notifications:CustomerLimit is 2 here; milestones the customer chose do not count against it (CountServiceMessages).
        await WaitFor.ConditionAsync(() => Task.FromResult(fixture.MailsTo("m05@cust.test").Count >= 3), "the three parcels' mails in the mailbox");
        Assert.Equal(3, fixture.MailsTo("m05@cust.test").Count);
        Assert.Equal(0, await fixture.Hub.CountAsync("SELECT count(*) FROM outbox WHERE customer_code = 'M05' AND status = 'Suppressed'"));
        Assert.Equal(3, await fixture.Hub.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no = 'SO-M05-1'"));
    }

    [Fact]
    public async Task HostileTrackingNumbers_ControlCharactersAndHugeOnesAreDeadLetters_HtmlStaysPlainText()
    {
        await fixture.DropOrdersAsync("orders-m06.csv",
            ("SO-M06-1", "M06", "20251031", "2025-10-01 09:00:00"), ("SO-M06-2", "M06", "20251031", "2025-10-01 09:00:00"),
            ("SO-M06-3", "M06", "20251031", "2025-10-01 09:00:00"));
        var huge = new string('9', 10 * 1024);
        const string html = "<a href=\"https://evil.test/\">track</a><script>alert(1)</script>";

        await fixture.DropShipmentsAsync("shipments-m06.csv",
            "SH-M06-1,SO-M06-1,1,1,DHL,\"JD\u0007\u001b[2J1\r\nSubject: forged\",2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
            + $"SH-M06-2,SO-M06-2,1,1,DHL,{huge},2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
            + $"SH-M06-3,SO-M06-3,1,1,DHL,\"{html.Replace("\"", "\"\"", StringComparison.Ordinal)}\",2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

        // The two bad rows are dead letters naming the field; the good row of the same file is applied and told.
        Assert.Equal(2, await fixture.Hub.CountAsync("SELECT count(*) FROM dead_letters WHERE source = 'wms-shipments' AND reference LIKE 'shipments-m06.csv:%'"));
        var report = await File.ReadAllLinesAsync(Path.Combine(fixture.Hub.DataFolder, "failed", "shipments-m06.csv.errors.csv"));
        Assert.Contains(report, l => l.Contains(",TrackingNo,", StringComparison.Ordinal) && l.Contains("control character U+0007", StringComparison.Ordinal));
        Assert.Contains(report, l => l.Contains(",TrackingNo,", StringComparison.Ordinal) && l.Contains("10240 characters long; the limit is 200", StringComparison.Ordinal));
        Assert.Equal(0, await fixture.Hub.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no IN ('SO-M06-1', 'SO-M06-2')"));
        var mail = Assert.Single(fixture.MailsTo("m06@cust.test"));
        Assert.Contains($"tracking number {html},", mail.Body, StringComparison.Ordinal);
        Assert.Equal($"Your order SO-M06-3 has shipped (DHL {html})", mail.Subject);
        // Plain text only: no HTML part that a mail reader would render.
        var raw = await File.ReadAllTextAsync(mail.RawFile!);
        Assert.Contains("Content-Type: text/plain", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("text/html", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ACustomerWhoChoseTheirChatRobot_IsToldThere_NotByMail()
    {
        var token = await fixture.Hub.IssueTokenAsync("M07");
        var before = JsonDocument.Parse(await (await fixture.Hub.Client.SendAsync(fixture.Hub.Get("/api/portal/milestones", token))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["mail", "chat"], before.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("mail", before.GetProperty("channel").GetString());
        using var put = Put(token, """{"channel": "chat"}""");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await fixture.Hub.Client.SendAsync(put)).StatusCode);

        await fixture.DropOrdersAsync("orders-m07.csv", ("SO-M07-1", "M07", "20251031", "2025-10-01 09:00:00"));
        await fixture.DropShipmentsAsync("shipments-m07.csv", "SH-M07-1,SO-M07-1,1,3,顺丰速运,SF0000000007,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

        Assert.Empty(fixture.MailsTo("m07@cust.test"));
        var posted = JsonDocument.Parse(Assert.Single(fixture.Robot.Accepted)).RootElement;
        Assert.Equal("您的订单 SO-M07-1 已发货（顺丰速运 SF0000000007）", posted.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task AShipmentNamingAnotherCustomersOrder_TellsThatOrdersOwnerOnly_AndAnUnknownCustomerNobody()
    {
        await fixture.DropOrdersAsync("orders-m09.csv", ("SO-M09-1", "M09", "20251031", "2025-10-01 09:00:00"), ("SO-MX-1", "M99", "20251031", "2025-10-01 09:00:00"));

        // The file came from M08's side but names M09's order, and an order of a customer the master does not know.
        await fixture.DropShipmentsAsync("shipments-m08.csv",
            "SH-M08-1,SO-M09-1,1,3,DHL,JD0000000009,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n"
            + "SH-MX-1,SO-MX-1,1,3,DHL,JD0000000099,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00\n");

        Assert.Empty(fixture.MailsTo("m08@cust.test"));
        Assert.Contains("SO-M09-1", Assert.Single(fixture.MailsTo("m09@cust.test")).Subject, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Hub.CountAsync("SELECT count(*) FROM order_milestones WHERE order_no = 'SO-MX-1' AND customer_code = 'M99'"));
        Assert.Equal(0, await fixture.Hub.CountAsync("SELECT count(*) FROM outbox WHERE customer_code = 'M99'"));
        Assert.Contains(fixture.Hub.Logs.Entries, e => e.EventId == 2353 && e.Message.Contains("M99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheChoice_HostileRequestsAreRefusedWithWhatIsWrong_AndChangeNothing()
    {
        var token = await fixture.Hub.IssueTokenAsync("M08");
        async Task<(int Status, string Body)> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                var response = await fixture.Hub.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                // An error's sentence, as a person reads it (the JSON escapes its quotes).
                return ((int)response.StatusCode, (int)response.StatusCode == 400 ? JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()! : body);
            }
        }

        var noHeader = Put(token, """{"shipped": false}""");
        noHeader.Headers.Remove("X-Hub-Portal");
        Assert.Equal(403, (await SendAsync(noHeader)).Status);
        var wrongType = await SendAsync(Put(token, """{"shipped": "no", "late": 1}"""));
        Assert.Equal(400, wrongType.Status);
        Assert.Contains("'shipped' must be true or false; found String.", wrongType.Body, StringComparison.Ordinal);
        Assert.Contains("'late' must be true or false; found Number.", wrongType.Body, StringComparison.Ordinal);
        var unknownChannel = await SendAsync(Put(token, """{"channel": "chat"}"""));
        Assert.Equal(400, unknownChannel.Status);
        Assert.Contains("'channel' must be one of mail for your account.", unknownChannel.Body, StringComparison.Ordinal);
        var unknownField = await SendAsync(Put(token, "{\"shipped\": false, \"x\\u0007y\": 1}"));
        Assert.Contains("Unknown field 'x?y'", unknownField.Body, StringComparison.Ordinal);
        Assert.Equal(400, (await SendAsync(Put(token, "{\"shipped\": false, \"pad\": \"" + new string('a', 5000) + "\"}"))).Status);
        Assert.Equal(400, (await SendAsync(Put(token, "[true]"))).Status);
        Assert.Equal(400, (await SendAsync(Put(token, "{not json"))).Status);
        Assert.Equal(401, (await SendAsync(Put(null, """{"shipped": false}"""))).Status);

        var after = JsonDocument.Parse((await SendAsync(fixture.Hub.Get("/api/portal/milestones", token))).Body).RootElement;
        Assert.True(after.GetProperty("shipped").GetBoolean());
        Assert.True(after.GetProperty("late").GetBoolean());
        Assert.Equal(0, await fixture.Hub.CountAsync("SELECT count(*) FROM milestone_preferences WHERE customer_code = 'M08'"));
    }

    private static HttpRequestMessage Put(string? token, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/portal/milestones") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Portal", "1");
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
