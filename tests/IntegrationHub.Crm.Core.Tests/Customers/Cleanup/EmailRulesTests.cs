using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

/// <summary>Issue 16 item 2: an address that could break a protocol line is never valid, however it is cleaned.</summary>
public sealed class EmailRulesTests
{
    [Theory]
    [InlineData("a@b.example\r\nRCPT TO:<evil@x.example>")]
    [InlineData("a\u0000b@example.com")]
    [InlineData("ab@example.com\u001b")]
    [InlineData("ab\u2028@example.com")]
    [InlineData("a\u0085b@example.com")]
    public void Normalize_ControlCharacter_IsInvalid(string written)
    {
        var email = EmailNormalizer.Normalize(written);

        Assert.Null(email.Normalized);
        Assert.False(email.IsValid);
        Assert.Contains("control character", email.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("buyer@szjg.example.cn", null)]
    [InlineData("a@b.example\nx", "control character U+000A at position 12")]
    [InlineData("a b@example.cn", "space")]
    [InlineData("a@example.cn,b@example.cn", "','")]
    [InlineData("a＠example.cn", "full-width ＠")]
    [InlineData("a@b@example.cn", "more than one @")]
    public void Problem_SaysWhy(string address, string? expected)
    {
        var problem = EmailRules.Problem(address);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Problem_LongNamePart_NamesTheLimit() =>
        Assert.Contains("the limit is 64", EmailRules.Problem(new string('a', 65) + "@example.cn"), StringComparison.Ordinal);
}
