using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

public sealed class EmailNormalizerTests
{
    [Theory]
    [InlineData("  Li.Lei@SZJG.Example.CN ", "Li.Lei@szjg.example.cn")]
    [InlineData("li.lei＠szjg．example．cn", "li.lei@szjg.example.cn")]
    [InlineData("mailto:buyer@szjg.example.cn", "buyer@szjg.example.cn")]
    [InlineData("<buyer@szjg.example.cn>;", "buyer@szjg.example.cn")]
    [InlineData("buyer @ szjg.example.cn。", "buyer@szjg.example.cn")]
    [InlineData("１２３４５６@qq.com", "123456@qq.com")]
    public void Normalize_ExportSpellings_OneAddress(string written, string expected)
    {
        var email = EmailNormalizer.Normalize(written);

        Assert.Equal(expected, email.Normalized);
        Assert.True(email.IsValid, email.Problem);
    }

    [Theory]
    [InlineData("caigou@qq.con", "caigou@qq.com")]
    [InlineData("caigou@163.cm", "caigou@163.com")]
    [InlineData("anna@gmial.com", "anna@gmail.com")]
    [InlineData("ops@hotmai.com", "ops@hotmail.com")]
    public void Normalize_AProviderMisspelt_SuggestedNotApplied(string written, string suggestion)
    {
        var email = EmailNormalizer.Normalize(written);

        Assert.Equal(written, email.Normalized);
        Assert.Equal(suggestion, email.Suggestion);
        Assert.False(email.IsValid);
        Assert.Contains("probably", email.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("buyer@szjg", "not name@domain.tld")]
    [InlineData("采购部", "no name@domain")]
    [InlineData("a@b@", "no name@domain")]
    [InlineData("", "empty")]
    public void Normalize_NotAnAddress_SaysWhy(string written, string problem)
    {
        var email = EmailNormalizer.Normalize(written);

        Assert.Null(email.Normalized);
        Assert.Contains(problem, email.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_ACompanyDomainCloseToNoProvider_NoSuggestion()
        => Assert.Null(EmailNormalizer.Normalize("sales@qqq-machinery.cn").Suggestion);
}
