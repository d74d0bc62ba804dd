using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Conditions;

/// <summary>
/// One event of an alarm condition (Part 9 5.5.2, 5.7.2, 5.8.2), as <see cref="ConditionFields"/> read it: the state the
/// condition is in after the change the event reports.
/// </summary>
public sealed record ConditionEvent
{
    /// <summary>The event's id; Acknowledge names the state it acknowledges by it.</summary>
    public required byte[] EventId { get; init; }

    /// <summary>The event type (AlarmConditionType or a subtype such as OffNormalAlarmType).</summary>
    public required NodeId EventType { get; init; }

    /// <summary>The condition (its NodeId); the object Acknowledge is called on.</summary>
    public required NodeId ConditionId { get; init; }

    /// <summary>The condition's name (ConditionName), for example Fault or HighTemperature.</summary>
    public required string ConditionName { get; init; }

    /// <summary>The name of the source (SourceName): the machine or area the condition is about, as the server names it.</summary>
    public required string SourceName { get; init; }

    /// <summary>When the change happened at the source (Time, UTC).</summary>
    public required DateTime Time { get; init; }

    /// <summary>The server's text for the change (Message).</summary>
    public string? Message { get; init; }

    /// <summary>Urgency, 1 (lowest) to 1000 (highest), Part 5 6.4.2.</summary>
    public required ushort Severity { get; init; }

    /// <summary>Whether the condition is of interest (active, or waiting for an acknowledgement or confirmation).</summary>
    public required bool Retain { get; init; }

    /// <summary>ActiveState/Id: the alarm's condition holds.</summary>
    public required bool Active { get; init; }

    /// <summary>AckedState/Id; true for conditions that are not acknowledgeable.</summary>
    public required bool Acked { get; init; }

    /// <summary>ConfirmedState/Id; null when the condition has no ConfirmedState.</summary>
    public bool? Confirmed { get; init; }

    /// <summary>EnabledState/Id; a disabled condition reports nothing meaningful.</summary>
    public required bool Enabled { get; init; }

    /// <summary>The branch (null NodeId for the current state); branches are earlier states kept for acknowledgement.</summary>
    public required NodeId BranchId { get; init; }
}
