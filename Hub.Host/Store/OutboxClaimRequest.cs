namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// What one node asks of <see cref="IOutboxStore.ClaimAsync"/>: up to <see cref="Take"/> due messages, claimed for it
/// until <see cref="Now"/> + <see cref="ClaimDuration"/>, with the customer rules applied inside the claim (issue 18
/// item 3): quiet hours hold customer messages, and the per-customer limit suppresses what would exceed it.
/// </summary>
internal sealed record OutboxClaimRequest
{
    /// <summary>The claiming node (<c>Hub:NodeId</c>), shown on the message while it holds it.</summary>
    public required string NodeId { get; init; }

    /// <summary>The node's clock now: messages due by then, and claims expired by then, are taken.</summary>
    public required DateTimeOffset Now { get; init; }

    public required TimeSpan ClaimDuration { get; init; }

    public required int Take { get; init; }

    /// <summary>At most this many customer messages sent or in flight per customer within <see cref="CustomerWindow"/>.</summary>
    public required int CustomerLimit { get; init; }

    public required TimeSpan CustomerWindow { get; init; }

    /// <summary>The events whose customer messages neither count against nor are stopped by the limit (service messages).</summary>
    public IReadOnlyList<string> UncountedEvents { get; init; } = [];

    /// <summary>The reason recorded on a message suppressed by the limit, given the customer's code.</summary>
    public required Func<string, string> SuppressedReason { get; init; }

    /// <summary>When set (quiet hours), customer messages are not claimed but made due at this time.</summary>
    public DateTimeOffset? CustomersHeldUntil { get; init; }

    /// <summary>The note recorded on a held message.</summary>
    public string? HeldReason { get; init; }
}
