namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One logged change: its position in commit order, the entity's kind and key, the order it belongs to (orders and
/// their parts), and the entity's stored JSON as it was committed.
/// </summary>
internal sealed record CrmChangeRow(long Id, string Kind, string Key, string? OrderNo, string Body);
