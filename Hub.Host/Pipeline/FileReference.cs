using System.Globalization;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>Reads the references the file-drop adapter gives its records: <c>orders.csv:17</c>.</summary>
internal static class FileReference
{
    /// <summary>The line number of a reference, or 0 when it has none.</summary>
    public static int LineOf(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon >= 0 && int.TryParse(reference.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? line
            : 0;
    }
}
