using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>
/// Business hours per weekday in one time zone, and holidays: SLA time runs only while open.
/// </summary>
/// <remarks>
/// Times are converted to <see cref="TimeZone"/> to find the local day and time; a holiday closes the whole local
/// date. Across a daylight-saving change, a local opening time that does not exist is read with the zone's
/// standard offset.
/// </remarks>
public sealed record BusinessCalendar
{
    /// <summary>The time zone the opening hours and holidays are in, for example China Standard Time.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>The opening hours per weekday; a weekday not listed is closed.</summary>
    public required IReadOnlyDictionary<DayOfWeek, OpeningHours> Hours { get; init; }

    /// <summary>Local dates closed all day.</summary>
    /// <value>The default value is no holidays.</value>
    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();

    /// <summary>A calendar open Monday to Friday from <paramref name="open"/> to <paramref name="close"/>.</summary>
    public static BusinessCalendar Weekdays(TimeZoneInfo timeZone, TimeSpan open, TimeSpan close, IEnumerable<DateOnly>? holidays = null)
    {
        var hours = new OpeningHours(open, close);
        return new BusinessCalendar
        {
            TimeZone = timeZone,
            Hours = new Dictionary<DayOfWeek, OpeningHours>
            {
                [DayOfWeek.Monday] = hours,
                [DayOfWeek.Tuesday] = hours,
                [DayOfWeek.Wednesday] = hours,
                [DayOfWeek.Thursday] = hours,
                [DayOfWeek.Friday] = hours,
            },
            Holidays = (holidays ?? []).ToHashSet(),
        };
    }

    /// <summary>All configuration errors, each saying what to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TimeZone is null)
        {
            errors.Add("TimeZone is missing; set a time zone id such as 'Asia/Shanghai'.");
        }

        foreach (var (day, hours) in Hours ?? new Dictionary<DayOfWeek, OpeningHours>())
        {
            if (hours.Open < TimeSpan.Zero || hours.Close > TimeSpan.FromHours(24) || hours.Open >= hours.Close)
            {
                errors.Add(Invariant($"{day}: opening hours {hours.Open} to {hours.Close}; set 00:00 <= open < close <= 24:00 (split a night shift over two days)."));
            }
        }

        if (Hours is null || Hours.Count == 0)
        {
            errors.Add("No opening hours on any weekday; give at least one day, or configure no calendar for 24x7.");
        }

        return errors;
    }

    /// <summary>
    /// The moment <paramref name="duration"/> of open time has passed after <paramref name="start"/>; a start
    /// outside opening hours counts from the next opening.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar has no open time within ten years.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var local = System.TimeZoneInfo.ConvertTime(start, TimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = local.TimeOfDay;
        var remaining = duration;
        for (var i = 0; i < 3660; i++)
        {
            if (!Holidays.Contains(day) && Hours.TryGetValue(day.DayOfWeek, out var hours))
            {
                var from = time > hours.Open ? time : hours.Open;
                if (from < hours.Close)
                {
                    var available = hours.Close - from;
                    if (remaining <= available)
                    {
                        return AtLocal(day, from + remaining);
                    }

                    remaining -= available;
                }
            }

            day = day.AddDays(1);
            time = TimeSpan.Zero;
        }

        throw new InvalidOperationException("The business calendar has no open time within ten years; check its hours and holidays.");
    }

    private DateTimeOffset AtLocal(DateOnly day, TimeSpan timeOfDay)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + timeOfDay;
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }
}
