using System.Text;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Small ERP, MES and WMS exports of two customers, in the demo mappings' shapes.</summary>
internal static class PlantFiles
{
    public const string Customers = """
        CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt
        C001,苏州精工机械有限公司,Gold,华东,purchasing@szjg.example.cn,+86 512 6000 1000,zh-CN,2025-10-01 08:00:00
        C002,Acme Packaging GmbH,Standard,EU,purchasing@acme.example.de,+49 30 1234,en,2025-10-01 08:00:00

        """;

    public const string OrderLines = """
        OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt
        SO-A-001,1,FL-200-304,不锈钢法兰 DN200,10,PCS,186.50,Open,2025-10-01 09:00:00
        SO-A-001,2,GR-M3-Z48,Spur gear,10,PCS,128.80,Open,2025-10-01 09:00:00
        SO-A-002,1,BR-L90,Bracket,100,PCS,23.40,Open,2025-10-03 09:00:00
        SO-B-001,1,GR-M3-Z48,Spur gear,5,PCS,128.80,Open,2025-10-02 09:00:00

        """;

    public const string WorkOrders = """
        WorkOrderNo,OrderNo,LineNo,ItemCode,Planned,Done,Scrap,State,QC,ReleasedAt,StartedAt,CompletedAt,QcAt,Machine,ModifiedAt
        WO-A-001-1,SO-A-001,1,FL-200-304,10,6,0,Running,Pending,2025-10-02 08:00:00,2025-10-03 08:00:00,,,CNC-L1-01,2025-10-05 10:00:00
        WO-A-001-2,SO-A-001,2,GR-M3-Z48,10,2,0,Running,Pending,2025-10-02 08:00:00,2025-10-03 09:00:00,,,CNC-L1-02,2025-10-05 10:00:00

        """;

    public const string Shipments = """
        ShipmentNo,OrderNo,LineNo,Qty,Carrier,TrackingNo,ShippedAt,ETA,DeliveredAt,ModifiedAt
        SH-A-001,SO-A-001,1,10,顺丰速运 SF Express,SF123456789,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00
        SH-A-001,SO-A-001,2,10,顺丰速运 SF Express,SF123456789,2025-10-10 14:00:00,2025-10-12,,2025-10-10 14:05:00

        """;

    /// <summary>
    /// Order lines of which two are stored and three refused (a bad line number and quantity, a broken quote, an unknown
    /// status): the file-drop, import and metrics tests' file with bad rows.
    /// </summary>
    public const string OrderLinesWithBadRows = """
        OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt
        SO-A-001,1,FL-200-304,Flange,10,PCS,186.50,Open,2025-10-01 09:00:00
        SO-A-001,two,GR-M3-Z48,Gear,ten,PCS,128.80,Open,2025-10-01 09:00:00
        SO-A-001,3,FL-200"X,Flange,1,PCS,1.00,Open,2025-10-01 09:00:00
        SO-A-002,1,BR-L90,Bracket,100,PCS,23.40,Open,2025-10-03 09:00:00
        SO-A-002,2,BR-L90,Bracket,100,PCS,23.40,Z,2025-10-03 09:00:00

        """;

    /// <summary>The order headers as Kingdee exports them: GB18030, Chinese headers, amounts with thousands separators.</summary>
    public static byte[] OrdersGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes("""
            订单编号,客户编码,订单日期,交货日期,状态,币别,金额,修改时间
            SO-A-001,C001,2025/10/01,20251031,A,CNY,"3,153.00",2025-10-01 09:00:00
            SO-A-002,C001,2025/10/03,20251103,A,CNY,"2,340.00",2025-10-03 09:00:00
            SO-B-001,C002,2025/10/02,20251101,A,EUR,644.00,2025-10-02 09:00:00

            """);
    }

    /// <summary>Drops the whole set but the shipments and waits for the import.</summary>
    public static async Task ImportAsync(TestHub hub)
    {
        await hub.DropAsync("customers.csv", Customers);
        await hub.DropAsync("orders.csv", OrdersGb18030());
        await hub.DropAsync("order_lines.csv", OrderLines);
        await hub.DropAsync("work_orders.csv", WorkOrders);
        await hub.WaitForInboxEmptyAsync();
    }
}
