using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// Who an engineer on the phone page is, and which tickets the engineer may see and act on (issue 24: "An engineer
/// sees only tickets assigned to them or their queue"). A desk user is the roster entry whose <c>DeskUser</c> names
/// it, else the entry whose <c>Id</c> equals its name and names no other desk user; the settings check makes that
/// one entry at most.
/// </summary>
internal sealed class FieldAccess(HubOptions options)
{
    /// <summary>The engineer the desk user is, or null when no roster entry maps to it.</summary>
    public FieldEngineer? EngineerOf(string deskUser)
    {
        var entry = options.Rules.Roster.FirstOrDefault(e => string.Equals(e.DeskUser ?? e.Id, deskUser, StringComparison.Ordinal));
        return entry is null ? null : new FieldEngineer(deskUser, entry.Id, entry.Name ?? entry.Id, entry.Queues);
    }

    /// <summary>
    /// Whether the engineer may see and act on the ticket: it is assigned to the engineer, or to nobody and waits in one
    /// of the engineer's queues. Anything else is answered as if the ticket did not exist, so that ticket numbers of
    /// other engineers cannot be probed.
    /// </summary>
    public static bool MaySee(FieldEngineer engineer, ServiceTicket ticket) =>
        string.Equals(ticket.Assignee, engineer.Id, StringComparison.Ordinal)
        || (ticket.Assignee is null && ticket.Queue is { } queue && engineer.Queues.Contains(queue, StringComparer.Ordinal));
}
