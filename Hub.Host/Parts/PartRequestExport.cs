using System.Globalization;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// A part request as the ERP gets it: one CSV file per request, one row per line, through the outbox (retries, dead
/// letters, replay). Short and unknown lines are sent too, marked: the ERP decides (order, substitute or refuse).
/// </summary>
internal static class PartRequestExport
{
    /// <summary>The outbox channel of the ERP's import folder (<c>Hub:Parts:Export</c>); a name with a colon, which no configured channel can have.</summary>
    public const string ChannelName = "parts:erp";

    /// <summary>The outbox audience of messages to the ERP.</summary>
    public const string Audience = "erp";

    /// <summary>The file's columns, in order; the ERP's import maps them by name.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["request_no", "ticket_no", "line", "item_code", "quantity", "unit", "status", "available", "requested_by", "requested_at"];

    public static ExportTable Table(PartRequest request) => new()
    {
        Kind = "part-request",
        Id = request.RequestNo,
        Columns = Columns,
        Rows = [.. request.Lines.Select((line, i) => (IReadOnlyList<string>)
        [
            request.RequestNo, request.TicketNo, (i + 1).ToString(CultureInfo.InvariantCulture), line.ItemCode,
            line.Quantity.ToString(CultureInfo.InvariantCulture), line.Unit ?? string.Empty, line.Status,
            line.Available.ToString(CultureInfo.InvariantCulture), request.RequestedBy,
            request.RequestedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ])],
    };

    /// <summary>The outbox message that writes the request's file; its event key makes a second one for the same request impossible.</summary>
    public static OutboxMessage Message(PartRequest request, DateTimeOffset now)
    {
        var table = Table(request);
        return new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            EventKey = $"part-request/{request.RequestNo}/{Audience}/{ChannelName}",
            Channel = ChannelName,
            Audience = Audience,
            Subject = $"{table.FileName} ({request.Lines.Count} lines, ticket {request.TicketNo})",
            Body = table.ToJson(),
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}
