using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.Abstractions;

/// <summary>
/// Makes an outside-controlled string (a file name, a user name, a topic, a source name) safe to put in a log
/// message: a CR or LF in a dropped file's name must not start a forged log line (issue 16, item 22).
/// </summary>
public static class LogText
{
    // C0 controls, the backslash, DEL, C1 controls, LINE SEPARATOR and PARAGRAPH SEPARATOR.
    private static readonly System.Buffers.SearchValues<char> NeedsEscape = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(i => (char)i)) + "\\\u007F"
        + string.Concat(Enumerable.Range(0x80, 0x20).Select(i => (char)i)) + "\u2028\u2029");

    /// <summary>
    /// Returns <paramref name="value"/> with every control character (C0, DEL, C1) and the Unicode line and paragraph
    /// separators written as an escape (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\x1B</c>, <c>\u2028</c>), and a backslash
    /// doubled so that an escape in the log cannot be mistaken for one in the value. Null becomes <c>(null)</c>.
    /// </summary>
    public static string Escape(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var first = value.AsSpan().IndexOfAny(NeedsEscape);
        if (first < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 16).Append(value, 0, first);
        foreach (var c in value.AsSpan(first))
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\r': escaped.Append(@"\r"); break;
                case '\t': escaped.Append(@"\t"); break;
                case < ' ' or (>= '\u007F' and <= '\u009F'):
                    escaped.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    break;
                case '\u2028' or '\u2029':
                    escaped.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

}
