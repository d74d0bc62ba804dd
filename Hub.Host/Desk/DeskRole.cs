namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// What a desk user may do: agents work tickets, supervisors also reassign, admins also replay the outbox. Engineers
/// (issue 24 item 2) use the phone page <c>/field/</c> only, and see only their own tickets and their queues' there;
/// the desk's queue is not theirs.
/// </summary>
internal enum DeskRole
{
    Agent,
    Supervisor,
    Admin,
    Engineer,
}
