namespace IntegrationHub.Hub.Host.Store;

/// <summary>An entity as a source last wrote it: its kind and key, the source, and the reference of the record.</summary>
internal sealed record SourceEntity(string Kind, string EntityKey, string Source, string? SourceRef);
