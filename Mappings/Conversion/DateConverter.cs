namespace IntegrationHub.Mappings.Conversion;

/// <summary>Reads a date with the first of the mapping's formats that fits.</summary>
internal sealed class DateConverter : ValueConverter<DateTimeOffset>
{
    private readonly DateFormat[] _formats;
    private readonly TimeZoneInfo _zone;

    public DateConverter(IReadOnlyList<DateFormat> formats, TimeZoneInfo zone)
    {
        _formats = [.. formats];
        _zone = zone;
        Expected = $"a date in format {string.Join(" or ", formats.Select(f => f.Name))}";
    }

    public override string Expected { get; }

    public override bool TryConvert(string text, out DateTimeOffset value)
    {
        foreach (var format in _formats)
        {
            if (format.TryParse(text, _zone, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }
}
