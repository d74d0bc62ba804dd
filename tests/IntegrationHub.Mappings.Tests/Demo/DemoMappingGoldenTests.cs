using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Crm.Core.Stock;

namespace IntegrationHub.Mappings.Tests.Demo;

/// <summary>
/// Sample rows with the demo exports' exact headers, through the shipped mappings, compared with the canonical
/// records they must give.
/// </summary>
public sealed class DemoMappingGoldenTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static SourceRecord Row(string source, string header, string line, int lineNo = 2)
    {
        var names = header.Split(',');
        var values = line.Split(',');
        Assert.Equal(names.Length, values.Length);
        return new SourceRecord(
            source, $"{source}.csv:{lineNo}", names.Zip(values).ToDictionary(p => p.First, p => (string?)p.Second),
            MappingFiles.ReceivedAt);
    }

    private static CanonicalChange Mapped(SourceRecord record)
    {
        var result = DemoMappings.Catalog.Map(record);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(record.Source, result.Change.Stamp.Source);
        Assert.Equal(record.Reference, result.Change.Stamp.Reference);
        return result.Change;
    }

    private static DateTimeOffset At(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, Cst);

    [Fact]
    public void Map_CustomerRows_GiveCustomers()
    {
        const string Header = "CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt";

        var gold = Mapped(Row("erp-customers", Header, "C-0042,苏州精工机械有限公司,Gold,华东,buyer@sz-jg.cn,+86 512 6588 0000,zh-CN,2025-10-20 16:05:00"));
        var plain = Mapped(Row("erp-customers", Header, "C-0107,Baltic Tooling GmbH,,EU,,,,2025-09-01 08:00:00"));

        Assert.Equal(
            new Customer
            {
                Code = "C-0042", Name = "苏州精工机械有限公司", Tier = CustomerTier.Gold, Region = "华东",
                Email = "buyer@sz-jg.cn", Phone = "+86 512 6588 0000", Language = "zh-CN",
            },
            gold.Entity);
        Assert.Equal(At(2025, 10, 20, 16, 5), gold.Stamp.Timestamp);
        Assert.Equal(new Customer { Code = "C-0107", Name = "Baltic Tooling GmbH", Region = "EU" }, plain.Entity);
        Assert.Equal("C-0107", plain.Entity.Key);
    }

    [Fact]
    public void Map_KingdeeOrderRows_GiveSalesOrders()
    {
        // The amount is quoted in the export ("1,234.50"); the CSV reader hands over the unquoted text.
        const string Header = "订单编号,客户编码,订单日期,交货日期,状态,币别,金额,修改时间";

        var open = Mapped(Row("erp-orders", Header, "SO-2025-1022-087,C-0042,2025/10/22,20251105,A,CNY,1234.50,2025-10-22 09:15:00"));
        var held = Mapped(Row("erp-orders", Header, "SO-2025-0930-012,C-0107,2025/09/30,,B,EUR,980,2025-10-01 10:00:00"));
        var record = Row("erp-orders", Header, "SO-2025-0901-001,C-0001,2025/09/01,20251001,D,CNY,0,2025-10-02 11:30:45") with { };
        var fields = new Dictionary<string, string?>(record.Fields) { ["金额"] = "12,345,678.90" };
        var closed = Mapped(record with { Fields = fields });

        Assert.Equal(
            new SalesOrder
            {
                OrderNo = "SO-2025-1022-087", CustomerCode = "C-0042", OrderDate = At(2025, 10, 22),
                PromisedDate = At(2025, 11, 5), Status = SalesOrderStatus.Open, Currency = "CNY", TotalAmount = 1234.50m,
            },
            open.Entity);
        Assert.Equal(At(2025, 10, 22, 9, 15), open.Stamp.Timestamp);
        Assert.Equal(
            new SalesOrder
            {
                OrderNo = "SO-2025-0930-012", CustomerCode = "C-0107", OrderDate = At(2025, 9, 30),
                Status = SalesOrderStatus.OnHold, Currency = "EUR", TotalAmount = 980m,
            },
            held.Entity);
        Assert.Equal(SalesOrderStatus.Closed, ((SalesOrder)closed.Entity).Status);
        Assert.Equal(12345678.90m, ((SalesOrder)closed.Entity).TotalAmount);
        Assert.Equal(At(2025, 10, 2, 11, 30, 45), closed.Stamp.Timestamp);
    }

    [Fact]
    public void Map_OrderRowFromExcel_ReadsSerialPromisedDate()
    {
        const string Header = "订单编号,客户编码,订单日期,交货日期,状态,币别,金额,修改时间";

        var change = Mapped(Row("erp-orders", Header, "SO-1,C-1,2025/10/01,45952,C,CNY,1,2025-10-22 09:15:00"));

        Assert.Equal(At(2025, 10, 22), ((SalesOrder)change.Entity).PromisedDate);
        Assert.Equal(SalesOrderStatus.Cancelled, ((SalesOrder)change.Entity).Status);
    }

    [Fact]
    public void Map_OrderLineRows_GiveLinesWithCancelledFlag()
    {
        const string Header = "OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt";

        var open = Mapped(Row("erp-order-lines", Header, "SO-2025-1022-087,1,FL-200-S,法兰盘 200mm 不锈钢,120,pcs,85.50,Open,2025-10-22 09:16:00"));
        var cancelled = Mapped(Row("erp-order-lines", Header, "SO-2025-1022-087,2,SH-40,Shaft 40mm,10,pcs,,X,2025-10-23 14:00:00"));

        Assert.Equal(
            new SalesOrderLine
            {
                OrderNo = "SO-2025-1022-087", LineNo = 1, ItemCode = "FL-200-S", Description = "法兰盘 200mm 不锈钢",
                Quantity = 120m, Unit = "pcs", UnitPrice = 85.50m, Cancelled = false,
            },
            open.Entity);
        Assert.Equal("SO-2025-1022-087|1", open.Entity.Key);
        Assert.Equal(
            new SalesOrderLine
            {
                OrderNo = "SO-2025-1022-087", LineNo = 2, ItemCode = "SH-40", Description = "Shaft 40mm",
                Quantity = 10m, Unit = "pcs", Cancelled = true,
            },
            cancelled.Entity);
        Assert.Equal(At(2025, 10, 23, 14), cancelled.Stamp.Timestamp);
    }

    [Fact]
    public void Map_StockRows_GiveStockLevels()
    {
        const string Header = "ItemCode,Warehouse,OnHand,Reserved,Unit,AsOf";

        var change = Mapped(Row("erp-stock", Header, "FL-200-S,WH-SZ,350,120,pcs,2025-10-22 06:00:00"));
        var noReserve = Mapped(Row("erp-stock", Header, "SH-40,WH-SZ,12.5,,m,2025-10-22 06:00:00"));

        Assert.Equal(new StockLevel { ItemCode = "FL-200-S", Warehouse = "WH-SZ", OnHand = 350m, Reserved = 120m, Unit = "pcs" }, change.Entity);
        Assert.Equal("FL-200-S|WH-SZ", change.Entity.Key);
        Assert.Equal(At(2025, 10, 22, 6), change.Stamp.Timestamp);
        Assert.Equal(new StockLevel { ItemCode = "SH-40", Warehouse = "WH-SZ", OnHand = 12.5m, Reserved = 0m, Unit = "m" }, noReserve.Entity);
    }

    [Fact]
    public void Map_WorkOrderRows_GiveWorkOrdersWithNullDates()
    {
        const string Header = "WorkOrderNo,OrderNo,LineNo,ItemCode,Planned,Done,Scrap,State,QC,ReleasedAt,StartedAt,CompletedAt,QcAt,Machine,ModifiedAt";

        var running = Mapped(Row("mes-work-orders", Header, "WO-25-0871,SO-2025-1022-087,1,FL-200-S,120,45,2,Running,Pending,2025-10-23 08:00:00,2025-10-23 09:30:00,,,CNC-07,2025-10-24 15:42:10"));
        var stock = Mapped(Row("mes-work-orders", Header, "WO-25-0900,,,SH-40,50,,,Planned,NotRequired,,,,,,2025-10-24 08:00:00"));

        Assert.Equal(
            new WorkOrder
            {
                WorkOrderNo = "WO-25-0871", OrderNo = "SO-2025-1022-087", LineNo = 1, ItemCode = "FL-200-S",
                QuantityPlanned = 120m, QuantityDone = 45m, QuantityScrap = 2m, State = WorkOrderState.Running,
                QcResult = QcResult.Pending, ReleasedAt = At(2025, 10, 23, 8), StartedAt = At(2025, 10, 23, 9, 30),
                MachineId = "CNC-07",
            },
            running.Entity);
        Assert.Equal(At(2025, 10, 24, 15, 42, 10), running.Stamp.Timestamp);
        Assert.Equal(
            new WorkOrder { WorkOrderNo = "WO-25-0900", ItemCode = "SH-40", QuantityPlanned = 50m, State = WorkOrderState.Planned },
            stock.Entity);
    }

    [Fact]
    public void Map_CompletedWorkOrderRow_ReadsEveryDate()
    {
        const string Header = "WorkOrderNo,OrderNo,LineNo,ItemCode,Planned,Done,Scrap,State,QC,ReleasedAt,StartedAt,CompletedAt,QcAt,Machine,ModifiedAt";

        var change = Mapped(Row("mes-work-orders", Header, "WO-1,SO-1,2,X,10,10,0,Completed,Passed,2025-10-01 08:00:00,2025-10-02 08:00:00,2025-10-05 17:00:00,2025-10-06 10:00:00,CNC-01,2025-10-06 10:00:05"));

        var order = Assert.IsType<WorkOrder>(change.Entity);
        Assert.Equal((WorkOrderState.Completed, QcResult.Passed), (order.State, order.QcResult));
        Assert.Equal(At(2025, 10, 5, 17), order.CompletedAt);
        Assert.Equal(At(2025, 10, 6, 10), order.QcAt);
    }

    [Fact]
    public void Map_ShipmentRows_GiveShipments()
    {
        const string Header = "ShipmentNo,OrderNo,LineNo,Qty,Carrier,TrackingNo,ShippedAt,ETA,DeliveredAt,ModifiedAt";

        var shipped = Mapped(Row("wms-shipments", Header, "SH-25-1101,SO-2025-1022-087,1,60,SF Express,SF1234567890,2025-11-01 14:20:00,2025-11-03,,2025-11-01 14:25:00"));
        var delivered = Mapped(Row("wms-shipments", Header, "SH-25-1102,SO-2025-0901-001,3,5,DHL,JD0001,2025-09-20 10:00:00,2025-09-25 12:00:00,2025-09-24 16:30:00,2025-09-24 17:00:00"));

        Assert.Equal(
            new Shipment
            {
                ShipmentNo = "SH-25-1101", OrderNo = "SO-2025-1022-087", LineNo = 1, Quantity = 60m, Carrier = "SF Express",
                TrackingNo = "SF1234567890", ShippedAt = At(2025, 11, 1, 14, 20), Eta = At(2025, 11, 3),
            },
            shipped.Entity);
        Assert.Equal("SH-25-1101|SO-2025-1022-087|1", shipped.Entity.Key);
        Assert.Equal(At(2025, 9, 25, 12), ((Shipment)delivered.Entity).Eta);
        Assert.Equal(At(2025, 9, 24, 16, 30), ((Shipment)delivered.Entity).DeliveredAt);
    }

    [Fact]
    public void Map_EquipmentRows_GiveInstalledEquipment()
    {
        const string Header = "AssetId,CustomerCode,Model,SerialNo,Site,InstalledAt,ModifiedAt";

        var change = Mapped(Row("erp-equipment", Header, "EQ-0042-01,C-0042,VMC-850,SN2024-0815,苏州工业园区,2024-08-15,2025-01-10 09:00:00"));

        Assert.Equal(
            new InstalledEquipment
            {
                AssetId = "EQ-0042-01", CustomerCode = "C-0042", Model = "VMC-850", SerialNo = "SN2024-0815",
                Site = "苏州工业园区", InstalledAt = At(2024, 8, 15),
            },
            change.Entity);
        Assert.Equal(At(2025, 1, 10, 9), change.Stamp.Timestamp);
    }

    [Fact]
    public void Map_BadOrderRow_ListsEveryBadField()
    {
        const string Header = "订单编号,客户编码,订单日期,交货日期,状态,币别,金额,修改时间";

        var result = DemoMappings.Catalog.Map(Row("erp-orders", Header, "SO-9,,2025-10-22,2025-13-40,Q,CNY,1.234.5,2025-10-22 09:15"));

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "column 客户编码 (CustomerCode): a value is required (a text) but the column is empty",
                "column 订单日期 (OrderDate): '2025-10-22' is not a date in format yyyy/MM/dd",
                "column 交货日期 (PromisedDate): '2025-13-40' is not a date in format yyyyMMdd or excel-serial",
                "column 状态 (Status): 'Q' is not a known code; known codes: A, B, C, D",
                "column 金额 (TotalAmount): '1.234.5' is not a number with decimal mark '.' and thousands separator ','",
                "column 修改时间 (timestamp): '2025-10-22 09:15' is not a date in format yyyy-MM-dd HH:mm:ss",
            ],
            result.Errors.Select(e => e.ToString()));
    }
}
