namespace IntegrationHub.Mappings.Conversion;

/// <summary>Reads a whole number, with the source's thousands separator if it uses one.</summary>
internal sealed class IntConverter(NumberFormat format) : ValueConverter<int>
{
    public override string Expected { get; } = $"a {format.Describe(withDecimals: false)} number";

    public override bool TryConvert(string text, out int value) =>
        int.TryParse(text, format.IntegerStyles, format.Info, out value);
}
