namespace IntegrationHub.Hub.Host.Desk;

/// <summary>What a desk user may do: agents work tickets, supervisors also reassign, admins also replay the outbox.</summary>
internal enum DeskRole
{
    Agent,
    Supervisor,
    Admin,
}
