namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// The roster engineer a signed-in desk user is on the phone page: the id tickets name as assignee, the name, and the
/// queues whose unassigned tickets the engineer sees (<c>Hub:Rules:Roster:N</c>).
/// </summary>
internal sealed record FieldEngineer(string DeskUser, string Id, string Name, IReadOnlyList<string> Queues);
