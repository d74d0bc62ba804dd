namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>How far a ticket has been escalated, in order.</summary>
public enum EscalationLevel
{
    None,
    Supervisor,
    Manager,
}
