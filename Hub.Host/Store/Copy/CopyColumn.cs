namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>One column of a copied table: its name (the same on both stores), its type, and whether it may be NULL.</summary>
internal sealed record CopyColumn(string Name, CopyColumnType Type, bool Nullable = false);
