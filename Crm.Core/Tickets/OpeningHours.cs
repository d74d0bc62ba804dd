namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A day's opening hours as times of day, local to the calendar's time zone.</summary>
/// <param name="Open">The opening time, from 00:00.</param>
/// <param name="Close">The closing time, after <paramref name="Open"/>, up to 24:00 (a whole day).</param>
public sealed record OpeningHours(TimeSpan Open, TimeSpan Close)
{
    /// <summary>Open from 00:00 to 24:00.</summary>
    public static OpeningHours AllDay { get; } = new(TimeSpan.Zero, TimeSpan.FromHours(24));
}
