using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

public sealed class PhoneNormalizerTests
{
    [Theory]
    [InlineData("138 1234 5678", "+86 13812345678", PhoneKind.Mobile)]
    [InlineData("+86-138-1234-5678", "+86 13812345678", PhoneKind.Mobile)]
    [InlineData("0086 13812345678", "+86 13812345678", PhoneKind.Mobile)]
    [InlineData("8613812345678", "+86 13812345678", PhoneKind.Mobile)]
    [InlineData("１３８１２３４５６７８", "+86 13812345678", PhoneKind.Mobile)]
    [InlineData("021-62345678", "+86 21 62345678", PhoneKind.Landline)]
    [InlineData("(0512) 6523 4567 转 802", "+86 512 65234567 ext. 802", PhoneKind.Landline)]
    [InlineData("010 8765 4321", "+86 10 87654321", PhoneKind.Landline)]
    [InlineData("+86 21 6234 5678", "+86 21 62345678", PhoneKind.Landline)]
    public void Normalize_GivesOneSpelling(string phone, string expected, PhoneKind kind)
    {
        var normalized = PhoneNormalizer.Normalize(phone);

        Assert.Equal(expected, normalized.Normalized);
        Assert.Equal(kind, normalized.Kind);
    }

    [Theory]
    [InlineData("12345", "5 digits")]
    [InlineData("138-1234-567a", "contains 'a'")]
    [InlineData("", "empty")]
    public void Normalize_SaysWhyANumberIsInvalid(string phone, string problem)
    {
        var normalized = PhoneNormalizer.Normalize(phone);

        Assert.Equal(PhoneKind.Invalid, normalized.Kind);
        Assert.Null(normalized.Normalized);
        Assert.StartsWith(problem, normalized.Problem, StringComparison.Ordinal);
    }
}
