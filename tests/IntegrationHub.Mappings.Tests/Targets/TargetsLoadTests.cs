using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings.Tests.Targets;

/// <summary>Issue 23 item 5: the <c>targets:</c> form is checked at load, every error naming file, line, target and field.</summary>
public sealed class TargetsLoadTests
{
    /// <summary>A Kingdee K/3 sales order list, flat: the order's columns repeated on each of its lines.</summary>
    internal const string Flat = Head + "targets:\n" + Header + Line;

    internal const string Head = """
        source: kingdee-sales
        file: { match: "销售订单*.csv", encoding: gb18030 }
        timeZone: Asia/Shanghai

        """;

    internal const string Header = """
          - target: SalesOrder
            fields:
              OrderNo:      { column: 单据编号 }
              CustomerCode: { column: 购货单位 }
              OrderDate:    { column: 日期, format: "yyyy-MM-dd" }

        """;

    internal const string Line = """
          - target: SalesOrderLine
            fields:
              OrderNo:   { column: 单据编号 }
              LineNo:    { column: 行号 }
              ItemCode:  { column: 物料代码 }
              Quantity:  { column: 数量 }
              UnitPrice: { column: 单价 }

        """;

    [Fact]
    public void Load_HeaderAndLineTargets_GivesBothInFileOrder()
    {
        var mapping = MappingFiles.LoadSingle(Head + "targets:\n" + Header + Line);

        Assert.Equal([EntityKind.SalesOrder, EntityKind.SalesOrderLine], mapping.Targets.Select(t => t.Kind));
        Assert.Equal(EntityKind.SalesOrder, mapping.Target);
        Assert.Equal(["OrderNo", "LineNo", "ItemCode", "Quantity", "UnitPrice"], mapping.Targets[1].Fields);
        // The order number is read once for the header check although both targets use it.
        Assert.Equal(["单据编号", "购货单位", "日期", "行号", "物料代码", "数量", "单价"], mapping.Columns);
    }

    [Fact]
    public void Load_TargetWithoutItsKey_NamesTargetAndKeyField()
    {
        var error = Assert.Single(MappingFiles.LoadErrors(Head + "targets:\n" + Header + Line.Replace("      OrderNo:   { column: 单据编号 }\n", "", StringComparison.Ordinal)));

        Assert.EndsWith("mapping.yaml", error.File, StringComparison.Ordinal);
        Assert.Contains("SalesOrderLine requires field 'OrderNo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameEntityTwice_NamesBothEntries()
    {
        var error = Assert.Single(MappingFiles.LoadErrors(Head + "targets:\n" + Header + Header));

        Assert.Equal("targets[1]: SalesOrder is already targets[0] (line 5); a row makes one change per kind of entity: merge the two field lists into one target", error.Message);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public void Load_FieldAtTopLevelAndInTarget_NamesFieldAndTarget()
    {
        var errors = MappingFiles.LoadErrors(Head + "fields:\n  OrderNo: 单据编号\n  Currency: { value: CNY }\ntargets:\n" + Header + Line);

        Assert.Equal(2, errors.Count);
        Assert.Contains("field 'OrderNo' is both in the top-level 'fields' and in targets[0] (SalesOrder)", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("field 'Currency' is in the top-level 'fields', which a mapping with 'targets' does not read", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal((5, 3), (errors[0].Line, errors[0].Column));
    }

    [Fact]
    public void Load_TargetAndTargets_RefusesTheMix()
    {
        var error = Assert.Single(MappingFiles.LoadErrors(Head + "target: SalesOrder\ntargets:\n" + Header + Line));

        Assert.Contains("'target' and 'targets' are both given", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("targets: SalesOrder\n", "'targets' must be a list")]
    [InlineData("targets: []\n", "'targets' is empty")]
    [InlineData("targets:\n  - SalesOrder\n", "'targets[0]' must be a mapping")]
    [InlineData("targets:\n  - target: SalesOrdr\n    fields: { OrderNo: a }\n", "unknown target 'SalesOrdr'; did you mean 'SalesOrder'?")]
    [InlineData("targets:\n  - target: SalesOrderLine\n    feilds: { OrderNo: a }\n", "unknown key 'feilds' in 'targets[0]'")]
    [InlineData("targets:\n  - target: SalesOrder\n    fields: { OrderNo: a, Colour: b, CustomerCode: c, OrderDate: d }\n", "SalesOrder has no field 'Colour'")]
    public void Load_MalformedTargets_SaysWhatIsExpected(string targets, string expected)
    {
        var errors = MappingFiles.LoadErrors(Head + targets);

        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SingleTargetForm_Unchanged()
    {
        var mapping = MappingFiles.LoadSingle(Head + "target: SalesOrder\nfields:\n  OrderNo: 单据编号\n  CustomerCode: 购货单位\n  OrderDate: 日期\n");

        Assert.Equal([EntityKind.SalesOrder], mapping.Targets.Select(t => t.Kind));
    }

    [Fact]
    public void Docs_FlatExportExample_Loads()
    {
        var page = File.ReadAllText(Path.Combine(Demo.DemoMappings.Folder, "..", "..", "..", "docs", "mappings.md")).ReplaceLineEndings("\n");
        var start = page.IndexOf("```yaml\nsource: kingdee-sales", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/mappings.md has no flat export example");
        var yaml = page[(start + "```yaml\n".Length)..page.IndexOf("```", start + 3, StringComparison.Ordinal)];

        var mapping = MappingFiles.LoadSingle(yaml);

        Assert.Equal([EntityKind.SalesOrder, EntityKind.SalesOrderLine], mapping.Targets.Select(t => t.Kind));
    }
}
