using IntegrationHub.Crm.Core.Alarms;

namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>
/// A preventive maintenance plan for every installed machine of one model (issue 24 item 4): a ticket with the code
/// <c>maintenance:&lt;id&gt;</c> is opened once each time an interval ends.
/// </summary>
public sealed record MaintenancePlan
{
    /// <summary>The prefix of a maintenance ticket's code; the rest is the plan's id.</summary>
    public const string CodePrefix = "maintenance:";

    /// <summary>The plan's id: part of its tickets' code, and of the key that makes each interval fire once.</summary>
    public required string Id { get; init; }

    /// <summary>The machine model the plan applies to (<see cref="Equipment.InstalledEquipment.Model"/>, compared exactly).</summary>
    public required string Model { get; init; }

    public required MaintenanceInterval Every { get; init; }

    /// <summary>The running-hours counter metric (running-hours plans only).</summary>
    public string? Counter { get; init; }

    /// <summary>What to do, for the ticket and the customer's notification.</summary>
    public required string Title { get; init; }

    /// <summary>Sets the ticket's priority with the customer's tier, as an alarm's severity does.</summary>
    /// <value>The default value is <see cref="AlarmSeverity.Info"/>.</value>
    public AlarmSeverity Severity { get; init; } = AlarmSeverity.Info;

    /// <summary>The code of the plan's tickets, <c>maintenance:&lt;id&gt;</c>.</summary>
    public string TicketCode => CodePrefix + Id;
}
