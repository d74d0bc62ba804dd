namespace IntegrationHub.Hub.Host.Parts;

/// <summary>The answer to <c>POST /api/field/tickets/{ticketNo}/parts</c> (the phone page's contract; keep it as it is).</summary>
internal sealed record PartRequestAnswer(string RequestNo, IReadOnlyList<PartRequestLineAnswer> Lines)
{
    public static PartRequestAnswer Of(PartRequest request) =>
        new(request.RequestNo, [.. request.Lines.Select(l => new PartRequestLineAnswer(l.ItemCode, l.Quantity, l.Status, l.Available))]);
}

/// <summary>One line's answer: <c>status</c> is available, short or unknown; <c>available</c> the total over all warehouses.</summary>
internal sealed record PartRequestLineAnswer(string ItemCode, decimal Quantity, string Status, decimal Available);

/// <summary>A recorded request as the desk's ticket view lists it.</summary>
internal sealed record PartRequestView(string RequestNo, string RequestedBy, DateTimeOffset RequestedAt, IReadOnlyList<PartRequestLine> Lines);
