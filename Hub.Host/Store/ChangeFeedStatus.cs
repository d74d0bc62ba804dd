namespace IntegrationHub.Hub.Host.Store;

/// <summary>The change feed on <c>/health</c> (issue 18 item 4).</summary>
/// <param name="State">Whether the node hears changes now.</param>
/// <param name="Since">When it entered this state.</param>
/// <param name="Subscribers">Live pages (order pages and desk queues) open on this node.</param>
/// <param name="Notices">Notices received since start.</param>
/// <param name="Reconnects">How often the listening connection was opened again after a loss.</param>
/// <param name="LastError">Why the connection was last lost (password scrubbed); null when never.</param>
internal sealed record ChangeFeedStatus(
    ChangeFeedState State, DateTimeOffset Since, int Subscribers, long Notices, long Reconnects, string? LastError);
