namespace IntegrationHub.Hub.Host.Health;

/// <summary>Whether the store answers, and where it is.</summary>
/// <param name="Description">Where the data lives.</param>
/// <param name="Reachable">Whether the store answered.</param>
/// <param name="Error">Why it did not.</param>
/// <param name="SizeBytes">The database's size (issue 17 item 6); null when the store does not answer.</param>
/// <param name="FreeBytes">Of the size, space freed by retention and reused by new rows.</param>
/// <param name="OldestReading">The oldest raw telemetry reading kept: with retention working, about <c>Hub:Telemetry:RawRetention</c> ago.</param>
internal sealed record StoreHealth(string Description, bool Reachable, string? Error, long? SizeBytes = null, long? FreeBytes = null, DateTimeOffset? OldestReading = null);
