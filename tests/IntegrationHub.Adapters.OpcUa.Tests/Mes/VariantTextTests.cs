using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

public sealed class VariantTextTests
{
    public static TheoryData<Variant, string?> Scalars => new()
    {
        { Variant.FromBoolean(true), "1" },
        { Variant.FromBoolean(false), "0" },
        { Variant.FromDouble(1865.5), "1865.5" },
        { new Variant(BuiltInType.Float, 0.1f), "0.1" },
        { Variant.FromInt32(-42), "-42" },
        { new Variant(BuiltInType.UInt64, ulong.MaxValue), "18446744073709551615" },
        { Variant.FromString("SO-1001"), "SO-1001" },
        { new Variant(BuiltInType.DateTime, new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc)), "2026-11-22T08:30:00.0000000+00:00" },
        { new Variant(BuiltInType.LocalizedText, new LocalizedText("en", "Running")), "Running" },
        { Variant.FromString(null), null },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Format_Scalar_InvariantText(Variant value, string? expected)
    {
        // A German or Chinese server locale must not turn 1865.5 into "1865,5".
        var saved = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal(expected, VariantText.Format(value));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Format_Array_RefusedWithTheType()
    {
        var ex = Assert.Throws<FormatException>(() => VariantText.Format(new Variant(BuiltInType.Double, new[] { 1.0, 2.0 })));

        Assert.Contains("array of Double", ex.Message, StringComparison.Ordinal);
    }
}
