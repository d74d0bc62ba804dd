namespace IntegrationHub.Mappings.Conversion;

/// <summary>One way a source writes dates, parsed once when the mapping loads.</summary>
internal abstract class DateFormat
{
    /// <summary>The name the mapping file uses for the format, for error messages.</summary>
    public abstract string Name { get; }

    /// <summary>Reads <paramref name="text"/>; a date without an offset is a wall-clock time in <paramref name="zone"/>.</summary>
    public abstract bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset value);

    /// <summary>Places a wall-clock time in a zone, refusing times outside the range of <see cref="DateTimeOffset"/>.</summary>
    protected static bool TryInZone(DateTime local, TimeZoneInfo zone, out DateTimeOffset value)
    {
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            value = default;
            return false;
        }

        value = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        return true;
    }
}
