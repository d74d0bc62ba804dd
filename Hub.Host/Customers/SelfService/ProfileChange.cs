namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// A change a customer proposed on the portal (issue 23 item 3): the values before and after, who proposed it and when,
/// and the desk's decision. Nothing of it reaches the customer master before it is approved.
/// </summary>
internal sealed record ProfileChange
{
    /// <summary>The change's id, made by the hub (<c>PC-</c> and 20 hex digits).</summary>
    public required string ChangeId { get; init; }

    public required string CustomerCode { get; init; }

    /// <summary>One of <see cref="ProfileSubjects.All"/>.</summary>
    public required string Subject { get; init; }

    /// <summary><see cref="ProfileSubjects.Add"/>, <see cref="ProfileSubjects.Edit"/> or <see cref="ProfileSubjects.Remove"/>.</summary>
    public required string Action { get; init; }

    /// <summary>The contact's or address's id (made by the hub for an added one); null for the plans note.</summary>
    public string? TargetId { get; init; }

    /// <summary>The values when the change was proposed; empty for an addition.</summary>
    public required IReadOnlyDictionary<string, string?> Old { get; init; }

    /// <summary>The values the change sets, normalised by the clean-up rules; empty for a removal.</summary>
    public required IReadOnlyDictionary<string, string?> New { get; init; }

    /// <summary>The clean-up rules' remarks the customer saw and confirmed (a suggested spelling kept as typed).</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>One of <see cref="ProfileChangeStatus"/>'s values.</summary>
    public string Status { get; init; } = ProfileChangeStatus.Pending;

    public required string ProposedBy { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The desk's reason for a rejection (optional for an approval).</summary>
    public string? Reason { get; init; }
}
