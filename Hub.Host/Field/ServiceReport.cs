using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// An engineer's service report on a ticket (issue 24 item 2): the work done, the time spent, the parts used, photos and
/// the customer's name as sign-off. <paramref name="ReportId"/> is made by the phone page when the report is written, so
/// a report sent again after a lost answer (a weak connection) is stored once.
/// </summary>
internal sealed record ServiceReport(
    string ReportId,
    string TicketNo,
    string Engineer,
    DateTimeOffset ReceivedAt,
    string WorkDone,
    int MinutesSpent,
    IReadOnlyList<ServiceReportPart> Parts,
    string CustomerName)
{
    /// <summary>
    /// The photos sent with the report, as <see cref="PhotoIntake"/> stored them (stripped, by SHA-256). Reports stored
    /// before photos existed have none: the property is absent from their JSON and stays empty.
    /// </summary>
    public IReadOnlyList<StoredPhoto> Photos { get; init; } = [];
}

/// <summary>A part the engineer used, as the engineer wrote it down (item code and quantity).</summary>
internal sealed record ServiceReportPart(string ItemCode, decimal Quantity);
