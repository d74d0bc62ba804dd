using IntegrationHub.Crm.Core.Orders;

namespace IntegrationHub.Mappings.Tests;

public sealed class SourceMappingTests
{
    private const string Orders = """
        source: erp-orders
        target: SalesOrder
        timeZone: Asia/Shanghai
        timestamp: { column: 修改时间, format: "yyyy-MM-dd HH:mm:ss" }
        fields:
          OrderNo:      { column: 订单编号 }
          CustomerCode: { column: 客户编码 }
          OrderDate:    { column: 订单日期, format: "yyyy/MM/dd" }
          PromisedDate: { column: 交货日期, formats: ["yyyyMMdd", "excel-serial"] }
          Status:       { column: 状态, map: { A: Open, B: OnHold, C: Cancelled, D: Closed }, default: Open }
          TotalAmount:  { column: 金额, type: decimal, thousands: ",", decimal: "." }
          Currency:     { value: CNY }
        """;

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Fact]
    public void Map_ValidRow_BuildsOrderWithStamp()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        var result = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", " SO-2025-1022-087 "), ("客户编码", "C-0042"), ("订单日期", "2025/10/22"),
            ("交货日期", "20251105"), ("状态", "B"), ("金额", "1,234.50"), ("修改时间", "2025-10-22 09:15:00")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(
            new SalesOrder
            {
                OrderNo = "SO-2025-1022-087",
                CustomerCode = "C-0042",
                OrderDate = new DateTimeOffset(2025, 10, 22, 0, 0, 0, Shanghai),
                PromisedDate = new DateTimeOffset(2025, 11, 5, 0, 0, 0, Shanghai),
                Status = SalesOrderStatus.OnHold,
                TotalAmount = 1234.50m,
                Currency = "CNY",
            },
            result.Change.Entity);
        Assert.Equal("erp-orders", result.Change.Stamp.Source);
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 9, 15, 0, Shanghai), result.Change.Stamp.Timestamp);
        Assert.Equal(Shanghai, result.Change.Stamp.Timestamp.Offset);
        Assert.Equal("test.csv:2", result.Change.Stamp.Reference);
    }

    [Fact]
    public void Map_EveryFieldBad_ReportsEveryError()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        var result = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", "SO-1"), ("客户编码", ""), ("订单日期", "22.10.2025"),
            ("交货日期", "2025-13-40"), ("状态", "Z"), ("金额", "12a"), ("修改时间", "yesterday")));

        Assert.False(result.Succeeded);
        Assert.Null(result.Change);
        Assert.Collection(
            result.Errors,
            e => Assert.Equal(new FieldError("客户编码", "CustomerCode", "a value is required (a text) but the column is empty"), e),
            e => Assert.Equal(new FieldError("订单日期", "OrderDate", "'22.10.2025' is not a date in format yyyy/MM/dd"), e),
            e => Assert.Equal(new FieldError("交货日期", "PromisedDate", "'2025-13-40' is not a date in format yyyyMMdd or excel-serial"), e),
            e => Assert.Equal(new FieldError("状态", "Status", "'Z' is not a known code; known codes: A, B, C, D"), e),
            e => Assert.Equal(new FieldError("金额", "TotalAmount", "'12a' is not a number with decimal mark '.' and thousands separator ','"), e),
            e => Assert.Equal(new FieldError("修改时间", "timestamp", "'yesterday' is not a date in format yyyy-MM-dd HH:mm:ss"), e));
        Assert.Equal(
            "column 交货日期 (PromisedDate): '2025-13-40' is not a date in format yyyyMMdd or excel-serial",
            result.Errors[2].ToString());
    }

    [Fact]
    public void Map_MissingColumns_NamesEachColumn()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        var result = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", "SO-1"), ("订单日期", "2025/10/22"), ("交货日期", ""), ("状态", "A"), ("金额", "1")));

        Assert.Equal(
            [
                new FieldError("客户编码", "CustomerCode", "the record has no column '客户编码'"),
                new FieldError("修改时间", "timestamp", "the record has no column '修改时间'"),
            ],
            result.Errors);
    }

    [Fact]
    public void Map_HeaderWithStraySpaceOrCase_NamesClosestColumn()
    {
        var mapping = MappingFiles.LoadSingle("source: s\ntarget: Customer\nfields: { Code: CustomerCode, Name: Name }\n");

        var result = mapping.Map(MappingFiles.Record("s", ("customercode", "C-1"), ("Name ", "Acme")));

        Assert.Equal(
            [
                new FieldError("CustomerCode", "Code", "the record has no column 'CustomerCode'; the closest is 'customercode'"),
                new FieldError("Name", "Name", "the record has no column 'Name'; the closest is 'Name '"),
            ],
            result.Errors);
    }

    [Fact]
    public void Map_EmptyOptionalAndDefaultedColumns_GiveNullAndDefault()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        var result = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", "SO-1"), ("客户编码", "C-1"), ("订单日期", "2025/10/22"),
            ("交货日期", "  "), ("状态", ""), ("金额", null), ("修改时间", "2025-10-22 09:15:00")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var order = Assert.IsType<SalesOrder>(result.Change.Entity);
        Assert.Null(order.PromisedDate);
        Assert.Null(order.TotalAmount);
        Assert.Equal(SalesOrderStatus.Open, order.Status);
    }

    [Fact]
    public void Map_NoTimestampColumn_StampsReceiveTime()
    {
        var mapping = MappingFiles.LoadSingle("""
            source: s
            target: Customer
            fields: { Code: { column: code }, Name: name }
            """);

        var result = mapping.Map(MappingFiles.Record("s", ("code", "C-1"), ("name", "Acme")));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(MappingFiles.ReceivedAt, result.Change.Stamp.Timestamp);
        Assert.Null(mapping.TimestampColumn);
    }

    [Fact]
    public void Map_SameMappingManyRows_KeepsRowsApart()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        var first = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", "SO-1"), ("客户编码", "C-1"), ("订单日期", "2025/10/22"),
            ("交货日期", ""), ("状态", "D"), ("金额", "5"), ("修改时间", "2025-10-22 09:15:00")));
        var second = mapping.Map(MappingFiles.Record("erp-orders",
            ("订单编号", "SO-2"), ("客户编码", "C-2"), ("订单日期", "2025/10/23"),
            ("交货日期", ""), ("状态", ""), ("金额", ""), ("修改时间", "2025-10-22 09:15:00")));

        var a = Assert.IsType<SalesOrder>(first.Change!.Entity);
        var b = Assert.IsType<SalesOrder>(second.Change!.Entity);
        Assert.NotSame(a, b);
        Assert.Equal(("SO-1", SalesOrderStatus.Closed, (decimal?)5m), (a.OrderNo, a.Status, a.TotalAmount));
        Assert.Equal(("SO-2", SalesOrderStatus.Open, (decimal?)null), (b.OrderNo, b.Status, b.TotalAmount));
    }

    [Fact]
    public void Columns_Mapping_ListsFieldColumnsThenTimestamp()
    {
        var mapping = MappingFiles.LoadSingle(Orders);

        Assert.Equal(["订单编号", "客户编码", "订单日期", "交货日期", "状态", "金额", "修改时间"], mapping.Columns);
        Assert.Equal("修改时间", mapping.TimestampColumn);
    }

    [Fact]
    public void Map_HostileValues_ReportsInsteadOfThrowing()
    {
        var mapping = MappingFiles.LoadSingle(Orders);
        string?[] values =
        [
            null, "", " ", "\t", "0", "-0", "1e400", "NaN", "∞", "79228162514264337593543950336", "-2147483649",
            "0001-01-01 00:00:00", "9999-12-31 23:59:59", "99991231", "2958465.9999999", "00010101", "A\u0000",
            new string('9', 10_000), "１２３", "٣", "2025/02/29", "2024/02/29", "1,,2", ",", ".", "-", "B ",
        ];
        var random = new Random(42);
        var columns = new[] { "订单编号", "客户编码", "订单日期", "交货日期", "状态", "金额", "修改时间" };
        var succeeded = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var record = MappingFiles.Record("erp-orders", [.. columns.Select(c => (c, values[random.Next(values.Length)]))]);

            var result = mapping.Map(record);

            Assert.True(result.Succeeded != result.Errors.Count > 0);
            succeeded += result.Succeeded ? 1 : 0;
        }

        Assert.True(succeeded < 5_000);
    }
}
