namespace IntegrationHub.Hub.Host.Store;

/// <summary>What applying a batch did.</summary>
/// <param name="Changed">Entities inserted or updated.</param>
/// <param name="Unchanged">Changes that were older than, or the same as, what was stored.</param>
/// <param name="DeadLettered">Dead letters recorded.</param>
internal readonly record struct ApplyResult(int Changed, int Unchanged, int DeadLettered);
