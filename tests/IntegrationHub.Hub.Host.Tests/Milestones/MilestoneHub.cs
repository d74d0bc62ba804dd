using System.Text;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>
/// One hub per test class and store for the order milestones (issue 23 item 2): a real SMTP server for mail, a webhook
/// receiver as customer M07's chat robot, the demo templates, a limit of 2 messages per customer, and the customer
/// master imported through the file drop. Each test uses customers and orders of its own.
/// </summary>
public abstract class MilestoneHub(TestStore store, params string[] extra) : IAsyncLifetime
{
    public const string Customers = """
        CustomerCode,Name,Tier,Region,Email,Phone,Language,SalesOwner,ChatRobot,ModifiedAt
        M01,Shipped Once Ltd,Gold,EU,m01@cust.test,,en,s01@plant.test,,2025-10-01 08:00:00
        M02,Delivered GmbH,Standard,EU,m02@cust.test,,en,,,2025-10-01 08:00:00
        M03,Late Co,Standard,EU,m03@cust.test,,en,s03@plant.test,,2025-10-01 08:00:00
        M04,Opted Out AG,Standard,EU,m04@cust.test,,en,s04@plant.test,,2025-10-01 08:00:00
        M05,Many Parcels Inc,Standard,EU,m05@cust.test,,en,,,2025-10-01 08:00:00
        M06,Hostile Data Ltd,Standard,EU,m06@cust.test,,en,,,2025-10-01 08:00:00
        M07,Chat Robot 有限公司,Standard,华东,m07@cust.test,,zh-CN,,robot-m07,2025-10-01 08:00:00
        M08,Other Customer Ltd,Standard,EU,m08@cust.test,,en,,,2025-10-01 08:00:00
        M09,Order Owner Ltd,Standard,EU,m09@cust.test,,en,,,2025-10-01 08:00:00
        Q01,Quiet Hours Ltd,Standard,EU,q01@cust.test,,en,sq1@plant.test,,2025-10-01 08:00:00

        """;

    private TestHub? _hub;
    private SmtpTestServer? _smtp;
    private FlakyReceiver? _robot;

    internal TestHub Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    internal SmtpTestServer Smtp => _smtp ?? throw new InvalidOperationException("The SMTP server has not started.");

    internal FlakyReceiver Robot => _robot ?? throw new InvalidOperationException("The robot has not started.");

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _robot = await FlakyReceiver.StartAsync(failures: 0);
        _hub = await TestHub.StartInAsync(store, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(_smtp,
        [
            .. SalesSettings,
            "--Hub:Notifications:Channels:robot-m07:Kind=webhook",
            $"--Hub:Notifications:Channels:robot-m07:Url={_robot.Url}",
            "--Hub:Notifications:CustomerLimit=2",
            .. extra,
        ]));
        await _hub.DropAsync("customers-milestones.csv", Customers);
        await _hub.WaitForInboxEmptyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_robot is not null)
        {
            await _robot.DisposeAsync();
        }

        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    /// <summary>The settings of a milestone hub beside <see cref="RulesHub.Settings"/>: the sales owners told by mail, in English.</summary>
    internal static readonly string[] SalesSettings = ["--Hub:Notifications:Sales:Channel=mail", "--Hub:Notifications:Sales:Language=en"];

    /// <summary>Drops order headers as the ERP exports them (GB18030, Chinese headers): number, customer, promised day (yyyyMMdd), modified.</summary>
    internal Task DropOrdersAsync(string name, params (string OrderNo, string Customer, string Promised, string Modified)[] orders) =>
        DropOrdersAsync(Hub, name, orders);

    /// <summary>Drops order headers into <paramref name="hub"/>'s inbox and waits until they are imported.</summary>
    internal static async Task DropOrdersAsync(TestHub hub, string name, params (string OrderNo, string Customer, string Promised, string Modified)[] orders)
    {
        await hub.DropAsync(name, OrdersFile(orders));
        await hub.WaitForInboxEmptyAsync();
    }

    /// <summary>An ERP order export (GB18030, Chinese headers) of these orders.</summary>
    internal static byte[] OrdersFile(params (string OrderNo, string Customer, string Promised, string Modified)[] orders)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = new StringBuilder("订单编号,客户编码,订单日期,交货日期,状态,币别,金额,修改时间\n");
        foreach (var (orderNo, customer, promised, modified) in orders)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{orderNo},{customer},2025/10/01,{promised},A,EUR,100.00,{modified}\n");
        }

        return Encoding.GetEncoding("GB18030").GetBytes(text.ToString());
    }

    /// <summary>A WMS shipments export: the header and <paramref name="rows"/>.</summary>
    internal static string ShipmentsFile(string rows) => "ShipmentNo,OrderNo,LineNo,Qty,Carrier,TrackingNo,ShippedAt,ETA,DeliveredAt,ModifiedAt\n" + rows;

    /// <summary>Drops a WMS shipments file (header added) and waits until it is imported and every milestone detected.</summary>
    internal Task DropShipmentsAsync(string name, string rows) => DropShipmentsAsync(Hub, name, rows);

    /// <summary>Drops a WMS shipments file into <paramref name="hub"/>'s inbox and waits until every milestone is detected and told.</summary>
    internal static async Task DropShipmentsAsync(TestHub hub, string name, string rows)
    {
        await hub.DropAsync(name, ShipmentsFile(rows));
        await hub.WaitForInboxEmptyAsync();
        await CaughtUpAsync(hub);
    }

    /// <summary>Waits until the detection has covered every logged change and the outbox has nothing due left to send.</summary>
    internal Task CaughtUpAsync() => CaughtUpAsync(Hub);

    /// <summary>Waits until <paramref name="hub"/>'s detection has covered every logged change and its outbox sent what is due.</summary>
    internal static async Task CaughtUpAsync(TestHub hub)
    {
        await WaitFor.ConditionAsync(
            async () => await hub.CountAsync("SELECT count(*) FROM crm_changes WHERE id > (SELECT last_id FROM milestone_cursor)") == 0,
            "the milestone detection to cover every logged change");
        await WaitFor.ConditionAsync(
            async () => await hub.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Pending' AND (last_error IS NULL OR last_error NOT LIKE 'held for quiet hours%')") == 0,
            "the outbox to send what is due");
    }

    /// <summary>The mails received by <paramref name="address"/>.</summary>
    internal IReadOnlyList<ReceivedMail> MailsTo(string address) => [.. Smtp.Messages().Where(m => m.RcptTo.Contains(address))];

    public sealed class OnSqlite() : MilestoneHub(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MilestoneHub(TestStore.PostgreSql);
}
