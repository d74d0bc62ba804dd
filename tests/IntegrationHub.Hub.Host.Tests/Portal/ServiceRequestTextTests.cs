using IntegrationHub.Hub.Host.Portal.ServiceRequests;

namespace IntegrationHub.Hub.Host.Tests.Portal;

public sealed class ServiceRequestTextTests
{
    [Theory]
    [InlineData("  主轴异响\r\n振动大\t明显  ", "主轴异响\n振动大\t明显")]
    [InlineData("emoji 🔧 ok", "emoji 🔧 ok")]
    public void Check_PlainText_NormalisedLineBreaksAndTrimmed(string text, string expected) =>
        Assert.Equal<(string?, string?)>((expected, null), ServiceRequestText.Check(text, 100));

    [Theory]
    [InlineData("nul \0 byte", "U+0000 at position 5")]
    [InlineData("esc \u001b[2J", "U+001B at position 5")]
    [InlineData("c1 \u0085 next line", "U+0085 at position 4")]
    [InlineData("rtl \u202Eexe.gnp", "U+202E at position 5")]
    [InlineData("isolate \u2066x\u2069", "U+2066 at position 9")]
    [InlineData("   ", "text is empty")]
    [InlineData("12345678901", "at most 10")]
    public void Check_HostileText_RefusedNamingTheCharacterAndWhere(string text, string expected)
    {
        var (checkedText, error) = ServiceRequestText.Check(text, text == "12345678901" ? 10 : 100);

        Assert.Null(checkedText);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoneSurrogate_Refused()
    {
        var (checkedText, error) = ServiceRequestText.Check("lone " + '\ud800' + " surrogate", 100);

        Assert.Null(checkedText);
        Assert.Contains("U+D800 at position 6", error, StringComparison.Ordinal);
    }
}
