using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Hub.Host.Tickets;

/// <summary>The ticket after a desk action, or why the action was refused (expected failures are values).</summary>
internal sealed record DeskActionResult(ServiceTicket? Ticket, DeskActionError? Error, string Message)
{
    public static DeskActionResult Done(ServiceTicket ticket, string message) => new(ticket, null, message);

    public static DeskActionResult Refused(DeskActionError error, string message) => new(null, error, message);
}

internal enum DeskActionError
{
    NotFound,
    InvalidState,
    InvalidInput,
}
