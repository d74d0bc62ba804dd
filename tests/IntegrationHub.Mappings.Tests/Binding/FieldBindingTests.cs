using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;

namespace IntegrationHub.Mappings.Tests.Binding;

public sealed class FieldBindingTests
{
    private static T MapOne<T>(string yaml, params (string Column, string? Value)[] fields)
    {
        var result = MappingFiles.LoadSingle(yaml).Map(MappingFiles.Record("s", fields));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return Assert.IsType<T>(result.Change.Entity);
    }

    private static IReadOnlyList<FieldError> MapErrors(string yaml, params (string Column, string? Value)[] fields)
    {
        var result = MappingFiles.LoadSingle(yaml).Map(MappingFiles.Record("s", fields));
        Assert.False(result.Succeeded);
        return result.Errors;
    }

    private const string Lines = """
        source: s
        target: SalesOrderLine
        fields:
          OrderNo:   { column: o }
          LineNo:    { column: l }
          ItemCode:  { column: i }
          Quantity:  { column: q, thousands: "," }
          Cancelled: { column: st, map: { Open: false, X: true }, default: false }
        """;

    [Theory]
    [InlineData("Open", false)]
    [InlineData("X", true)]
    [InlineData("", false)]
    public void Apply_BoolValueMap_TranslatesCodes(string status, bool cancelled)
    {
        var line = MapOne<SalesOrderLine>(Lines, ("o", "SO-1"), ("l", "2"), ("i", "P-1"), ("q", "1,500"), ("st", status));

        Assert.Equal(cancelled, line.Cancelled);
        Assert.Equal(2, line.LineNo);
        Assert.Equal(1500m, line.Quantity);
        Assert.Equal("SO-1|2", line.Key);
    }

    [Fact]
    public void Apply_UnmappedCode_NamesCodeAndKnownCodes()
    {
        var errors = MapErrors(Lines, ("o", "SO-1"), ("l", "2"), ("i", "P-1"), ("q", "1"), ("st", "open"));

        Assert.Equal([new FieldError("st", "Cancelled", "'open' is not a known code; known codes: Open, X")], errors);
    }

    [Fact]
    public void Apply_EnumWithoutMap_ReadsMemberNames()
    {
        var yaml = """
            source: s
            target: WorkOrder
            fields:
              WorkOrderNo: { column: w }
              QuantityPlanned: { column: p }
              State: { column: st }
              QcResult: { column: qc, default: Pending }
            """;

        var order = MapOne<WorkOrder>(yaml, ("w", "WO-1"), ("p", "10"), ("st", "running"), ("qc", ""));

        Assert.Equal(WorkOrderState.Running, order.State);
        Assert.Equal(QcResult.Pending, order.QcResult);
        Assert.Equal(
            [new FieldError("st", "State", "'Run' is not a WorkOrderState (Planned, Released, Running, Paused, Completed, Cancelled)")],
            MapErrors(yaml, ("w", "WO-1"), ("p", "10"), ("st", "Run"), ("qc", "")));
    }

    [Fact]
    public void Apply_ConstantAndDefaults_FillFields()
    {
        var yaml = """
            source: s
            target: Customer
            fields:
              Code: { column: c }
              Name: { column: n, default: "(no name)" }
              Tier: { value: Gold }
              Language: { column: lang, default: zh-CN }
              Region: { value: East }
            """;

        var customer = MapOne<Customer>(yaml, ("c", "C-1"), ("n", ""), ("lang", " "));

        Assert.Equal(
            new Customer { Code = "C-1", Name = "(no name)", Tier = CustomerTier.Gold, Language = "zh-CN", Region = "East" },
            customer);
    }

    [Fact]
    public void Apply_EmptyWithoutDefault_KeepsRecordDefault()
    {
        var yaml = """
            source: s
            target: Customer
            fields: { Code: c, Name: n, Language: lang, Tier: t, Email: e }
            """;

        var customer = MapOne<Customer>(yaml, ("c", "C-1"), ("n", "Acme"), ("lang", ""), ("t", null), ("e", ""));

        Assert.Equal("en", customer.Language);
        Assert.Equal(CustomerTier.Standard, customer.Tier);
        Assert.Null(customer.Email);
    }

    [Fact]
    public void Apply_TrimFalse_KeepsSpaces()
    {
        var yaml = """
            source: s
            target: Customer
            fields: { Code: c, Name: { column: n, trim: false } }
            """;

        Assert.Equal(" Acme ", MapOne<Customer>(yaml, ("c", " C-1 "), ("n", " Acme ")).Name);
        Assert.Equal("C-1", MapOne<Customer>(yaml, ("c", " C-1 "), ("n", " Acme ")).Code);
    }

    [Fact]
    public void Apply_RequiredTrueOnOptionalField_RefusesEmpty()
    {
        var yaml = """
            source: s
            target: Customer
            fields: { Code: c, Name: n, Email: { column: e, required: true } }
            """;

        Assert.Equal(
            [new FieldError("e", "Email", "a value is required (a text) but the column is empty")],
            MapErrors(yaml, ("c", "C-1"), ("n", "Acme"), ("e", "")));
    }

    [Fact]
    public void Apply_ConfiguredBoolWords_ReadOnlyThose()
    {
        var yaml = """
            source: s
            target: SalesOrderLine
            fields:
              OrderNo: o
              LineNo: l
              ItemCode: i
              Quantity: q
              Cancelled: { column: x, trueValues: [作废], falseValues: [正常] }
            """;

        Assert.True(MapOne<SalesOrderLine>(yaml, ("o", "1"), ("l", "1"), ("i", "I"), ("q", "1"), ("x", "作废")).Cancelled);
        Assert.False(MapOne<SalesOrderLine>(yaml, ("o", "1"), ("l", "1"), ("i", "I"), ("q", "1"), ("x", "正常")).Cancelled);
        Assert.Equal(
            [new FieldError("x", "Cancelled", "'Y' is not a yes/no value (true: 作废; false: 正常)")],
            MapErrors(yaml, ("o", "1"), ("l", "1"), ("i", "I"), ("q", "1"), ("x", "Y")));
    }

    [Fact]
    public void Apply_EuropeanNumbers_ReadWithConfiguredMarks()
    {
        var yaml = """
            source: s
            target: SalesOrder
            fields:
              OrderNo: o
              CustomerCode: c
              OrderDate: { column: d, format: "dd.MM.yyyy" }
              TotalAmount: { column: a, thousands: ".", decimal: "," }
            """;

        var order = MapOne<SalesOrder>(yaml, ("o", "1"), ("c", "C"), ("d", "22.10.2025"), ("a", "1.234.567,89"));

        Assert.Equal(1234567.89m, order.TotalAmount);
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 0, 0, 0, TimeSpan.Zero), order.OrderDate);
    }

    [Fact]
    public void Apply_OptionalColumnAbsent_CountsAsEmpty()
    {
        var yaml = """
            source: s
            target: Customer
            fields:
              Code: c
              Name: n
              Tier: { column: tier, optional: true, default: Silver }
              Email: { column: email, optional: true }
              Phone: { column: phone }
            """;

        var customer = MapOne<Customer>(yaml, ("c", "C-1"), ("n", "Acme"), ("phone", "1"));
        var errors = MapErrors(yaml, ("c", "C-1"), ("n", "Acme"));

        Assert.Equal(new Customer { Code = "C-1", Name = "Acme", Tier = CustomerTier.Silver, Phone = "1" }, customer);
        Assert.Equal([new FieldError("phone", "Phone", "the record has no column 'phone'")], errors);
    }

    [Fact]
    public void Apply_NullPlaceholders_AreEmpty()
    {
        var yaml = """
            source: s
            target: SalesOrder
            fields:
              OrderNo: o
              CustomerCode: { column: c, nullValues: ["-"] }
              OrderDate: d
              PromisedDate: { column: p, format: "yyyy-MM-dd", nullValues: ["0000-00-00", "1900-01-01"] }
              TotalAmount: { column: a, nullValues: ["N/A"] }
            """;

        var order = MapOne<SalesOrder>(yaml, ("o", "1"), ("c", "C"), ("d", "2025-10-22"), ("p", " 0000-00-00 "), ("a", "N/A"));
        var errors = MapErrors(yaml, ("o", "1"), ("c", "-"), ("d", "2025-10-22"), ("p", "0000-00-01"), ("a", "n/a"));

        Assert.Null(order.PromisedDate);
        Assert.Null(order.TotalAmount);
        Assert.Equal(
            [
                new FieldError("c", "CustomerCode", "a value is required (a text) but the column holds '-', which nullValues make empty"),
                new FieldError("p", "PromisedDate", "'0000-00-01' is not a date in format yyyy-MM-dd"),
                new FieldError("a", "TotalAmount", "'n/a' is not a number with decimal mark '.'"),
            ],
            errors);
    }
}
