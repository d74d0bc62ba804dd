namespace IntegrationHub.Hub.Host.Store;

/// <summary>How far a polled source has been read, in the adapter's text form (an ISO 8601 time or a version).</summary>
internal sealed record PollWatermark(string Source, string Value)
{
    /// <summary>
    /// The lease of the poller that read it, when it runs as leased work (issue 18 item 1): the watermark statement
    /// checks the token in the batch's transaction, and a stale one rolls the whole batch back.
    /// </summary>
    public LeaseFence? Fence { get; init; }
}
