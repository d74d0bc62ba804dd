namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>The response and resolution targets of one priority.</summary>
public sealed record SlaTarget
{
    /// <summary>The time to the first response.</summary>
    public required TimeSpan Respond { get; init; }

    /// <summary>The time to resolution.</summary>
    public required TimeSpan Resolve { get; init; }

    /// <summary>
    /// Whether the targets count business hours only, when <see cref="SlaPolicy.Calendar"/> is set; otherwise (or
    /// without a calendar) they run 24x7.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool BusinessHoursOnly { get; init; } = true;
}
