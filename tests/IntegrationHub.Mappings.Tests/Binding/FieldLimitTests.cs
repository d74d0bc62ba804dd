using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Mappings.Tests.Binding;

/// <summary>Issue 16 items 2 and 25: e-mail addresses are checked and text fields have length limits where records enter.</summary>
public sealed class FieldLimitTests
{
    private const string Customers = """
        source: s
        target: Customer
        fields:
          Code:  { column: c }
          Name:  { column: n }
          Email: { column: e }
          Notes: { column: notes }
        """;

    private static MappedRecord Map(string yaml, params (string Column, string? Value)[] fields) =>
        MappingFiles.LoadSingle(yaml).Map(MappingFiles.Record("s", fields));

    [Fact]
    public void Map_FiveMegabyteName_IsARowErrorNamingFieldLimitAndLength()
    {
        var result = Map(Customers, ("c", "C001"), ("n", new string('A', 5 * 1024 * 1024)), ("e", ""), ("notes", ""));

        var error = Assert.Single(result.Errors);
        Assert.Equal("n", error.Column);
        Assert.Equal("Name", error.TargetField);
        Assert.Contains("5242880 characters long", error.Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 200", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, $"the error repeats the value: {error.Message.Length} characters");
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Map_NameAtTheLimit_PassesAndOneMoreFails(int length, bool passes) =>
        Assert.Equal(passes, Map(Customers, ("c", "C001"), ("n", new string('名', length)), ("e", ""), ("notes", "")).Succeeded);

    [Theory]
    [InlineData("a@b.example\r\nRCPT TO:<evil@x.example>", "control character U+000D at position 12")]
    [InlineData("a@b.example\u0000", "control character U+0000")]
    [InlineData("a@b.example>\r\nRSET", "control character U+000D")]
    [InlineData("<a@b.example>", "'<'")]
    [InlineData("a@b.example; evil@x.example", "';'")]
    [InlineData("a b@example.cn", "space")]
    [InlineData("a@b.example,evil@x.example", "','")]
    [InlineData("purchasing", "not name@domain")]
    [InlineData("a@b@c.example", "more than one @")]
    public void Map_HostileOrMalformedEmail_IsARowErrorOnTheEmailField(string email, string expected)
    {
        var result = Map(Customers, ("c", "C001"), ("n", "Acme"), ("e", email), ("notes", ""));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("e", "Email"), (error.Column, error.TargetField));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Fact]
    public void Map_EmailOver254Characters_NamesTheLimit()
    {
        var result = Map(Customers, ("c", "C001"), ("n", "Acme"), ("e", "a@" + new string('b', 260) + ".cn"), ("notes", ""));

        Assert.Contains("the limit is 254", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("purchasing@szjg.example.cn")]
    [InlineData("li.lei+orders@sz-jg.example.cn")]
    [InlineData("采购@例子.中国")]
    public void Map_PlainEmail_IsStored(string email)
    {
        var result = Map(Customers, ("c", "C001"), ("n", "Acme"), ("e", email), ("notes", ""));

        Assert.True(result.Succeeded, result.DescribeErrors());
        Assert.Equal(email, Assert.IsType<Customer>(result.Change.Entity).Email);
    }

    [Fact]
    public void Map_LineBreakInNotes_IsTextButInANameIsAnError()
    {
        var notes = Map(Customers, ("c", "C001"), ("n", "Acme"), ("e", ""), ("notes", "Gate 3.\r\nAsk for Mr Li."));
        var name = Map(Customers, ("c", "C001"), ("n", "Acme\r\nBcc: x"), ("e", ""), ("notes", ""));

        Assert.True(notes.Succeeded, notes.DescribeErrors());
        Assert.Equal("Gate 3.\r\nAsk for Mr Li.", Assert.IsType<Customer>(notes.Change.Entity).Notes);
        Assert.Contains("control character U+000D", Assert.Single(name.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_NotesOverTheirLimit_IsAnError() =>
        Assert.Contains("the limit is 4000", Assert.Single(Map(Customers, ("c", "C001"), ("n", "Acme"), ("e", ""), ("notes", new string('x', 4001))).Errors).Message, StringComparison.Ordinal);

    [Fact]
    public void Map_MaxLengthInTheMapping_ReplacesTheDefault()
    {
        var yaml = Customers.Replace("Name:  { column: n }", "Name:  { column: n, maxLength: 500 }", StringComparison.Ordinal);

        Assert.True(Map(yaml, ("c", "C001"), ("n", new string('A', 500)), ("e", ""), ("notes", "")).Succeeded);
        Assert.Contains("the limit is 500", Assert.Single(Map(yaml, ("c", "C001"), ("n", new string('A', 501)), ("e", ""), ("notes", "")).Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name:  { column: n, maxLength: lots }", "'maxLength' of field 'Name' is 'lots'")]
    [InlineData("Name:  { column: n, maxLength: 0 }", "from 1 to 1000000 (the default is 200)")]
    [InlineData("Name:  { column: n, maxLength: -5 }", "'maxLength' of field 'Name' is '-5'")]
    public void Load_BadMaxLength_IsALoadError(string field, string expected)
    {
        var errors = MappingFiles.LoadErrors(Customers.Replace("Name:  { column: n }", field, StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MaxLengthOnANumber_IsALoadError()
    {
        var errors = MappingFiles.LoadErrors("""
            source: s
            target: SalesOrderLine
            fields:
              OrderNo:  { column: o }
              LineNo:   { column: l, maxLength: 3 }
              ItemCode: { column: i }
              Quantity: { column: q }
            """);

        Assert.Contains(errors, e => e.Message.Contains("'maxLength' does not apply to field 'LineNo'", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_HugeValueOfANumberField_IsNotRepeatedInTheError()
    {
        var yaml = """
            source: s
            target: SalesOrderLine
            fields:
              OrderNo:  { column: o }
              LineNo:   { column: l }
              ItemCode: { column: i }
              Quantity: { column: q }
            """;

        var error = Assert.Single(Map(yaml, ("o", "SO-1"), ("l", "1"), ("i", "P-1"), ("q", new string('9', 1_000_000) + "x")).Errors);

        Assert.Equal("Quantity", error.TargetField);
        Assert.Contains("(1000001 characters)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
    }
}
