using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// A scalar value as the culture-invariant text that mappings read (numbers as <c>1865.5</c>, times as ISO 8601,
/// booleans as 1 and 0 so that a flag is a reading). Arrays and structures have no text form here.
/// </summary>
public static class VariantText
{
    /// <summary>The text, or null for an empty value.</summary>
    /// <exception cref="FormatException">The value is an array, matrix or structure.</exception>
    public static string? Format(Variant value)
    {
        if (value.IsArray)
        {
            throw new FormatException($"The value is an array of {value.Type}; map a scalar node instead.");
        }

        return value.Value switch
        {
            null => null,
            bool b => b ? "1" : "0",
            string s => s,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture),
            LocalizedText text => text.Text,
            QualifiedName name => name.Name,
            Guid g => g.ToString(),
            IFormattable number when value.Type is >= BuiltInType.SByte and <= BuiltInType.UInt64 => number.ToString(null, CultureInfo.InvariantCulture),
            StatusCode code => code.ToString(),
            _ => throw new FormatException($"A {value.Type} value has no text form for a mapping; map a scalar number, text, boolean or time."),
        };
    }
}
