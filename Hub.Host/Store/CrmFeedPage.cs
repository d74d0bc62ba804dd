namespace IntegrationHub.Hub.Host.Store;

/// <summary>One read of the CRM change feed: the rows found, and the feed's epoch and last id in the same snapshot.</summary>
internal sealed record CrmFeedPage(string Epoch, long LastId, IReadOnlyList<CrmChangeRow> Rows);
