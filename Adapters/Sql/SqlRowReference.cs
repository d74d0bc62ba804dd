namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// How a polled row is referred to in the store and in dead letters: <c>source:key@watermark</c>. The key part lets
/// the deleted-row check find what a row made.
/// </summary>
public static class SqlRowReference
{
    public static string Format(string source, string key, string watermark) => string.Concat(source, ":", key, "@", watermark);

    /// <summary>The row key in a reference made by <see cref="Format"/> for <paramref name="source"/>; null for any other.</summary>
    public static string? KeyOf(string source, string? reference)
    {
        if (reference is null || reference.Length <= source.Length + 1 || !reference.StartsWith(source, StringComparison.Ordinal) || reference[source.Length] != ':')
        {
            return null;
        }

        var at = reference.LastIndexOf('@');
        return at > source.Length ? reference[(source.Length + 1)..at] : null;
    }
}
