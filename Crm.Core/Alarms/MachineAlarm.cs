using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>
/// A machine's alarm as a source reports it (an OPC UA condition of the MES server, issue 22 item 1): which machine,
/// which code and how urgent. It is never stored as an entity: the mapping of the MES adapter's condition events
/// (<c>mes-opcua-alarms</c>) makes one per event, and the adapter raises or clears the hub's alarm of that machine and code
/// through the ticket path. Whether the alarm is active, and when it changed, come from the event itself.
/// </summary>
public sealed record MachineAlarm : CanonicalEntity
{
    /// <summary>The lowest severity a machine alarm may have (OPC UA Part 5 6.4.2).</summary>
    public const int MinSeverity = 1;

    /// <summary>The highest severity a machine alarm may have (OPC UA Part 5 6.4.2).</summary>
    public const int MaxSeverity = 1000;

    public override EntityKind Kind => EntityKind.MachineAlarm;

    public override string Key => KeyParts.Join(AssetId, Code);

    /// <summary>The hub's asset id of the machine.</summary>
    public required string AssetId { get; init; }

    /// <summary>The alarm code, one ticket per machine and code (by default the condition's name).</summary>
    public required string Code { get; init; }

    /// <summary>The urgency, <see cref="MinSeverity"/> to <see cref="MaxSeverity"/>; the hub's severity table bands it.</summary>
    public required int Severity { get; init; }

    /// <summary>The text of the alarm; the event's own message when not mapped.</summary>
    public string? Message { get; init; }
}
