using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>SLA targets per priority, and the business calendar they may count in.</summary>
/// <remarks>
/// Defaults: P0 respond 2 h, resolve 24 h, always 24x7 (a machine down does not wait for Monday); P1 respond 4 h,
/// resolve 24 h; P2 respond 8 h, resolve 40 h. P1 and P2 count business hours when a <see cref="Calendar"/> is
/// set (with 8-hour days: P1 resolves within three working days, P2 within a working week), wall-clock hours
/// otherwise.
/// </remarks>
public sealed record SlaPolicy
{
    /// <value>The default value is respond 2 h, resolve 24 h, 24x7.</value>
    public SlaTarget P0 { get; init; } = new() { Respond = TimeSpan.FromHours(2), Resolve = TimeSpan.FromHours(24), BusinessHoursOnly = false };

    /// <value>The default value is respond 4 h, resolve 24 h, in business hours when a calendar is set.</value>
    public SlaTarget P1 { get; init; } = new() { Respond = TimeSpan.FromHours(4), Resolve = TimeSpan.FromHours(24) };

    /// <value>The default value is respond 8 h, resolve 40 h, in business hours when a calendar is set.</value>
    public SlaTarget P2 { get; init; } = new() { Respond = TimeSpan.FromHours(8), Resolve = TimeSpan.FromHours(40) };

    /// <summary>The business calendar; null for 24x7.</summary>
    /// <value>The default value is null (24x7).</value>
    public BusinessCalendar? Calendar { get; init; }

    /// <summary>The defaults.</summary>
    public static SlaPolicy Default { get; } = new();

    /// <summary>The target of <paramref name="priority"/>.</summary>
    public SlaTarget For(TicketPriority priority) => priority switch
    {
        TicketPriority.P0 => P0,
        TicketPriority.P1 => P1,
        TicketPriority.P2 => P2,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority."),
    };

    /// <summary>The due times of a ticket of <paramref name="priority"/> opened at <paramref name="openedAt"/>.</summary>
    public SlaDueTimes DueTimes(TicketPriority priority, DateTimeOffset openedAt)
    {
        var target = For(priority);
        if (Calendar is { } calendar && target.BusinessHoursOnly)
        {
            return new SlaDueTimes(
                calendar.AddBusinessTime(openedAt, target.Respond),
                calendar.AddBusinessTime(openedAt, target.Resolve),
                Invariant($"{priority}: respond within {target.Respond} and resolve within {target.Resolve} of business hours ({calendar.TimeZone.Id}, holidays excluded)."));
        }

        return new SlaDueTimes(
            openedAt + target.Respond,
            openedAt + target.Resolve,
            Invariant($"{priority}: respond within {target.Respond} and resolve within {target.Resolve}, 24x7."));
    }
}
