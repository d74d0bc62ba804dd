namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>One condition event as the reference client read it: its server Time and when it was read (this machine's clock).</summary>
internal sealed record WatchedEvent(string SourceName, bool Active, DateTimeOffset ServerTime, DateTimeOffset ReadAt);
