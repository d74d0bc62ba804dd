namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>Where milestone detection stands in the CRM change feed: the feed's epoch, and the last change id covered.</summary>
internal sealed record MilestoneCursor(string Epoch, long LastId);
