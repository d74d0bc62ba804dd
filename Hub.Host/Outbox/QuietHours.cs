using System.Globalization;

namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>A daily window (site time) in which customer messages wait, e.g. <c>22:00-07:00</c> across midnight.</summary>
internal sealed record QuietHours(TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    public static bool TryParse(string? text, TimeZoneInfo zone, out QuietHours? hours)
    {
        hours = null;
        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 }
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
        {
            return false;
        }

        hours = new QuietHours(start, end, zone);
        return true;
    }

    /// <summary>When the quiet window that holds <paramref name="now"/> ends, or null when <paramref name="now"/> is outside it.</summary>
    public DateTimeOffset? EndOfQuiet(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var inside = Start < End ? time >= Start && time < End : time >= Start || time < End;
        if (!inside)
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (Start > End && time >= Start)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(End);
        return new DateTimeOffset(endLocal, Zone.GetUtcOffset(endLocal));
    }
}
