using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

/// <summary>Shorthands for the ticket tests.</summary>
internal static class Tickets
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    public static ServiceTicket Open(string ticketNo = "T-1", string asset = "M-1", string code = "TEMP-HIGH") => new()
    {
        TicketNo = ticketNo,
        AssetId = asset,
        CustomerCode = "C-0042",
        AlarmCode = code,
        Priority = TicketPriority.P0,
        OpenedAt = T0,
        RespondBy = T0.AddHours(2),
        ResolveBy = T0.AddHours(24),
    };
}
