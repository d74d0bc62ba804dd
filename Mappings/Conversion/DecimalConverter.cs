namespace IntegrationHub.Mappings.Conversion;

/// <summary>Reads a decimal number with the source's decimal mark and thousands separator.</summary>
internal sealed class DecimalConverter(NumberFormat format) : ValueConverter<decimal>
{
    public override string Expected { get; } = $"a number {format.Describe(withDecimals: true)}";

    public override bool TryConvert(string text, out decimal value) =>
        decimal.TryParse(text, format.DecimalStyles, format.Info, out value);
}
