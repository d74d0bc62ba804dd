using IntegrationHub.Adapters.Notifications.Smtp;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

public sealed class SmtpInputsTests
{
    [Theory]
    [InlineData("kehu@example.cn")]
    [InlineData("first.last+tag@sub.example-plant.cn")]
    [InlineData("o'brien@example.ie")]
    public void AddressProblem_PlainAddresses_None(string address) => Assert.Null(SmtpInputs.AddressProblem(address));

    [Theory]
    [InlineData("a@b.example\r\nRCPT TO:<evil@x.example>", "control character CR at position 12")]
    [InlineData("a@b.example\n", "control character LF")]
    [InlineData("a\u0000@b.example", "U+0000")]
    [InlineData("a@b.example\u2028", "U+2028")]
    [InlineData("a@b.example>", "'>' in its domain")]
    [InlineData("<a@b.example", "'<' in its local part")]
    [InlineData("a b@example.cn", "' ' in its local part")]
    [InlineData("a,b@example.cn", "',' in its local part")]
    [InlineData("a@b@example.cn", "'@' in its local part")]
    [InlineData("example.cn", "not name@domain")]
    [InlineData("a@", "not name@domain")]
    [InlineData("", "empty")]
    [InlineData("a..b@example.cn", "empty atom")]
    [InlineData("a@example..cn", "empty label")]
    [InlineData("张三@example.cn", "SMTPUTF8")]
    public void AddressProblem_UnsafeOrMalformed_SaysWhy(string address, string expected) =>
        Assert.Contains(expected, SmtpInputs.AddressProblem(address), StringComparison.Ordinal);

    [Fact]
    public void AddressProblem_Over254Characters_NamesTheLimit() =>
        Assert.Contains("limit is 254", SmtpInputs.AddressProblem("a@" + new string('b', 250) + ".cn"), StringComparison.Ordinal);

    [Fact]
    public void Printable_EscapesControlsAndShortens()
    {
        Assert.Equal("a\\r\\nb\\u001B", SmtpInputs.Printable("a\r\nb\u001b"));
        var shown = SmtpInputs.Printable(new string('x', 5_000_000));
        Assert.True(shown.Length < 120, shown);
        Assert.Contains("5000000 characters", shown, StringComparison.Ordinal);
    }
}
