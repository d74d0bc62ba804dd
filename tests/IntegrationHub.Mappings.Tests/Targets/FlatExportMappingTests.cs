using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Orders;

namespace IntegrationHub.Mappings.Tests.Targets;

/// <summary>
/// Issue 23 item 5: a flat export's row (order header columns repeated on every line) becomes an order and its line,
/// applied whole or not at all; a file's repeated header is applied once, and a header that differs is a conflict.
/// </summary>
public sealed class FlatExportMappingTests
{
    private static readonly SourceMapping Flat = MappingFiles.LoadSingle(TargetsLoadTests.Flat);

    private static SourceRecord Row(int line, string order, string customer, string lineNo, string quantity) =>
        new("kingdee-sales", $"销售订单.csv:{line}", new Dictionary<string, string?>
        {
            ["单据编号"] = order, ["购货单位"] = customer, ["日期"] = "2025-10-22",
            ["行号"] = lineNo, ["物料代码"] = "M-100", ["数量"] = quantity, ["单价"] = "12.5",
        }, MappingFiles.ReceivedAt);

    [Fact]
    public void Map_FlatRow_GivesOrderThenLineWithOneStamp()
    {
        var result = Flat.Map(Row(2, "SEORD000123", "C-0042", "1", "10"));

        Assert.True(result.Succeeded, result.DescribeErrors());
        Assert.Equal(2, result.Changes.Count);
        var order = Assert.IsType<SalesOrder>(result.Changes[0].Entity);
        var line = Assert.IsType<SalesOrderLine>(result.Changes[1].Entity);
        Assert.Equal(("SEORD000123", "C-0042"), (order.OrderNo, order.CustomerCode));
        Assert.Equal(("SEORD000123", 1, 10m, 12.5m), (line.OrderNo, line.LineNo, line.Quantity, line.UnitPrice));
        Assert.Same(result.Changes[0].Stamp, result.Changes[1].Stamp);
    }

    [Fact]
    public void Map_LineFieldBadHeaderFine_RejectsRowWholeNamingTheTarget()
    {
        var result = Flat.Map(Row(3, "SEORD000123", "C-0042", "2", "十"));

        Assert.False(result.Succeeded);
        Assert.Empty(result.Changes);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("数量", "SalesOrderLine.Quantity"), (error.Column, error.TargetField));
    }

    [Fact]
    public void Admit_RepeatedEqualHeader_LeftOutLineKept()
    {
        var ledger = new RepeatedRowLedger();

        var first = ledger.Admit(Flat.Map(Row(2, "SEORD000123", "C-0042", "1", "10")), out var noConflict);
        var second = ledger.Admit(Flat.Map(Row(3, "SEORD000123", "C-0042", "2", "5")), out var stillNone);

        Assert.Null(noConflict);
        Assert.Null(stillNone);
        Assert.Equal(2, first.Count);
        var line = Assert.IsType<SalesOrderLine>(Assert.Single(second).Entity);
        Assert.Equal(2, line.LineNo);
        Assert.Equal(1, ledger.LeftOut);
    }

    [Fact]
    public void Admit_HeaderDiffersFromFirstRow_RejectsRowNamingFieldsAndFirstLine()
    {
        var ledger = new RepeatedRowLedger();
        ledger.Admit(Flat.Map(Row(2, "SEORD000123", "C-0042", "1", "10")), out _);

        var changes = ledger.Admit(Flat.Map(Row(3, "SEORD000123", "C-0099", "2", "5")), out var conflict);

        Assert.Empty(changes);
        Assert.NotNull(conflict);
        Assert.Equal("SalesOrder", conflict.TargetField);
        Assert.Contains("SalesOrder 'SEORD000123' differs from the one 销售订单.csv:2 made (CustomerCode 'C-0042' there, 'C-0099' here)", conflict.Message, StringComparison.Ordinal);
        // The rejected row's header is not remembered: a third row equal to the first still only adds its line.
        var third = ledger.Admit(Flat.Map(Row(4, "SEORD000123", "C-0042", "3", "1")), out var none);
        Assert.Null(none);
        Assert.IsType<SalesOrderLine>(Assert.Single(third).Entity);
    }

    [Fact]
    public void Admit_SingleTargetRecord_PassesThrough()
    {
        var single = MappingFiles.LoadSingle("source: s\ntarget: SalesOrder\nfields:\n  OrderNo: 单据编号\n  CustomerCode: 购货单位\n  OrderDate: { column: 日期, format: \"yyyy-MM-dd\" }\n");
        var ledger = new RepeatedRowLedger();
        var row = Row(2, "SO-1", "C-1", "1", "1") with { Source = "s" };

        ledger.Admit(single.Map(row), out _);
        var again = ledger.Admit(single.Map(row), out var conflict);

        Assert.Null(conflict);
        Assert.Single(again);
    }
}
