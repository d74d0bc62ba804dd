using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>What one claim did with the due messages it took: each is claimed, suppressed or held.</summary>
internal sealed record OutboxClaimResult
{
    /// <summary>The messages this node now holds, with its claim (token and expiry) on each.</summary>
    public required IReadOnlyList<OutboxMessage> Claimed { get; init; }

    /// <summary>Customer messages suppressed by the per-customer limit, with the reason recorded.</summary>
    public required IReadOnlyList<(OutboxMessage Message, string Reason)> Suppressed { get; init; }

    /// <summary>Messages taken over from a node whose claim had expired, with that node's id.</summary>
    public required IReadOnlyList<(OutboxMessage Message, string PreviousNode)> TakenOver { get; init; }

    /// <summary>How many customer messages were held for quiet hours.</summary>
    public required int Held { get; init; }

    /// <summary>Every due message the claim took, whatever it did with it.</summary>
    public int Count => Claimed.Count + Suppressed.Count + Held;
}
