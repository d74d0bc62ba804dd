namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// A recorded part request: what an engineer asked for on a ticket and what the hub answered, kept in the store
/// (<c>part_requests</c> and <c>part_request_lines</c>) so that the same <see cref="RequestId"/> again gets the same answer.
/// </summary>
internal sealed record PartRequest
{
    /// <summary>The hub's number, <c>PR-&lt;year&gt;-&lt;6 digits&gt;</c>.</summary>
    public required string RequestNo { get; init; }

    /// <summary>The client's id of the request (a UUID), unique: a repeat of it is answered from the store.</summary>
    public required string RequestId { get; init; }

    public required string TicketNo { get; init; }

    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public required IReadOnlyList<PartRequestLine> Lines { get; init; }
}

/// <summary>One line of a request, with the availability the hub found when it was made.</summary>
internal sealed record PartRequestLine(string ItemCode, decimal Quantity, string Status, decimal Available, string? Unit);
