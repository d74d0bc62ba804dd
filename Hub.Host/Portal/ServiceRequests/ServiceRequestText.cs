using System.Buffers;
using System.Globalization;
using System.Text;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>
/// Checks what a customer writes: bounded, and free of control characters (line breaks and tabs aside) and of the
/// invisible bidirectional overrides that make text read differently from what it holds, so that it can go into the
/// ticket's history, a notification and a log line without escaping surprises. Refused text is never cleaned silently:
/// the customer is told which character, and where.
/// </summary>
internal static class ServiceRequestText
{
    /// <summary>The text with line breaks made <c>\n</c> and trimmed; or an error naming the first bad character.</summary>
    public static (string? Text, string? Error) Check(string? text, int maxLength)
    {
        var normal = (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (normal.Length == 0)
        {
            return (null, "Describe the problem (text is empty).");
        }

        if (normal.Length > maxLength)
        {
            return (null, $"The description has {normal.Length} characters; at most {maxLength} are taken.");
        }

        var position = 0;
        while (position < normal.Length)
        {
            var status = Rune.DecodeFromUtf16(normal.AsSpan(position), out var rune, out var used);
            if (status != OperationStatus.Done || IsForbidden(rune))
            {
                var shown = status == OperationStatus.Done ? rune.Value : normal[position];
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"The description holds the control character U+{shown:X4} at position {position + 1}; remove it and send again."));
            }

            position += used;
        }

        return (normal, null);
    }

    // Line breaks and tabs are text; other C0/C1 controls, and the bidirectional marks and overrides (U+200E, U+200F,
    // U+202A-U+202E, U+2066-U+2069), are not.
    private static bool IsForbidden(Rune rune) =>
        (Rune.IsControl(rune) && rune.Value is not ('\n' or '\t'))
        || rune.Value is 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
