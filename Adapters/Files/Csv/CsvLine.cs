using System.Text;

namespace IntegrationHub.Adapters.Files.Csv;

/// <summary>Joins values into one CSV record (RFC 4180 quoting), for a row that has no text of its own: an Excel row.</summary>
internal static class CsvLine
{
    public static string Join(IEnumerable<string> values, char delimiter = ',')
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                line.Append(delimiter);
            }

            first = false;
            if (value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) >= 0)
            {
                line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(value);
            }
        }

        return line.ToString();
    }
}
