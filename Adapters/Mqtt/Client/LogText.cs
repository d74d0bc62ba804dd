using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Values from the network (topics) go into log lines with control characters escaped (issue 16, common rules).</summary>
internal static class LogText
{
    public static string Escape(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') && !value.Contains('\u007F', StringComparison.Ordinal))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
