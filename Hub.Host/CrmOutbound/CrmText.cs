using System.Globalization;
using System.Text;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>Hostile text made safe to quote back in an error or a log line: control characters escaped, length cut.</summary>
internal static class CrmText
{
    public static string Quote(string value, int max = 40)
    {
        var text = new StringBuilder(Math.Min(value.Length, max) + 8);
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029')
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return "'" + text + (value.Length > max ? $"…' ({value.Length} characters)" : "'");
    }
}
