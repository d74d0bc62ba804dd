using System.Globalization;
using System.Text;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>Converts a field's source text (trimmed, never empty) to a canonical value, with no exceptions.</summary>
/// <typeparam name="T">The canonical field's type, without <see cref="Nullable{T}"/>.</typeparam>
internal abstract class ValueConverter<T>
{
    private const int MaxShown = 80;

    /// <summary>What the converter accepts, for error messages: <c>a date in format yyyyMMdd</c>.</summary>
    public abstract string Expected { get; }

    public abstract bool TryConvert(string text, out T value);

    /// <summary>Why <paramref name="text"/> was refused: what was found and what was expected.</summary>
    public virtual string DescribeFailure(string text) => $"{Shown(text)} is not {Expected}";

    /// <summary>
    /// The source text quoted for an error: control characters escaped and at most 80 characters, so that a hostile
    /// or huge value neither forges a line of the report or the log nor multiplies its size (issue 16 items 2, 25).
    /// </summary>
    internal static string Shown(string text)
    {
        var shown = new StringBuilder("'");
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        shown.Append('\'');
        return text.Length > MaxShown ? shown.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)").ToString() : shown.ToString();
    }
}
