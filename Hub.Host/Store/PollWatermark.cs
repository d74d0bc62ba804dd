namespace IntegrationHub.Hub.Host.Store;

/// <summary>How far a polled source has been read, in the adapter's text form (an ISO 8601 time or a version).</summary>
internal sealed record PollWatermark(string Source, string Value);
