namespace IntegrationHub.Mappings.Conversion;

/// <summary>Keeps the text as it is.</summary>
internal sealed class StringConverter : ValueConverter<string>
{
    public static StringConverter Instance { get; } = new();

    public override string Expected => "a text";

    public override bool TryConvert(string text, out string value)
    {
        value = text;
        return true;
    }
}
