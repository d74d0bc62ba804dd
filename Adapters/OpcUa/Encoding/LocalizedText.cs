namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>Human-readable text with an optional locale (Part 6 5.2.2.14).</summary>
/// <param name="Locale">The locale (e.g. <c>en-US</c>), or null.</param>
/// <param name="Text">The text, or null.</param>
public sealed record LocalizedText(string? Locale, string? Text)
{
    /// <inheritdoc />
    public override string ToString() => Text ?? string.Empty;
}
