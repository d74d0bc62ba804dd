using System.Globalization;
using IntegrationHub.Crm.Core.Customers.Cleanup;
using IntegrationHub.Mappings.Schema;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>
/// Keeps the text as it is when it fits its field's <see cref="TextRule"/>: within the length limit, no control
/// character (but line breaks in multi-line fields), one plain address for an e-mail field (issue 16 items 2 and 25).
/// </summary>
internal sealed class TextConverter(TextRule rule) : ValueConverter<string>
{
    public TextRule Rule { get; } = rule;

    // Worded as before the limits: the limit is in the failure's message, where it applies.
    public override string Expected => "a text";

    public override bool TryConvert(string text, out string value)
    {
        value = text;
        return Problem(text) is null;
    }

    // The value itself is not repeated when it is too long: the error goes to the row report and the dead
    // letter, which hold the row already.
    public override string DescribeFailure(string text) => Problem(text) ?? base.DescribeFailure(text);

    private string? Problem(string text)
    {
        if (text.Length > Rule.MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the value is {text.Length} characters long; the limit is {Rule.MaxLength} (set maxLength in the mapping to change it)");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && !(Rule.MultiLine && c is '\r' or '\n' or '\t')) || c is '\u2028' or '\u2029')
            {
                var allowed = Rule.MultiLine ? "; only line breaks and tabs are allowed" : "; the field is one line";
                return string.Create(CultureInfo.InvariantCulture, $"the value holds the control character U+{(int)c:X4} at position {i + 1}{allowed}");
            }
        }

        return Rule.IsEmail && EmailRules.Problem(text) is { } problem ? $"{Shown(text)} is not an e-mail address: it {problem}" : null;
    }
}
