using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Makes text from a server (status texts, certificate subjects inside error messages) safe for one log line:
/// control characters are written as \uXXXX (issue 16: control characters never reach a log line unescaped).
/// </summary>
internal static class LogText
{
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var b = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }
}
