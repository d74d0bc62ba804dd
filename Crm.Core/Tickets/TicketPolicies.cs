namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>The ticket policies <see cref="TicketPlanner"/> applies, each with its defaults.</summary>
public sealed record TicketPolicies
{
    /// <value>The default value is <see cref="SlaPolicy.Default"/>.</value>
    public SlaPolicy Sla { get; init; } = SlaPolicy.Default;

    /// <value>The default value is <see cref="AssignmentPolicy.Default"/>.</value>
    public AssignmentPolicy Assignment { get; init; } = AssignmentPolicy.Default;

    /// <summary>The defaults.</summary>
    public static TicketPolicies Default { get; } = new();
}
