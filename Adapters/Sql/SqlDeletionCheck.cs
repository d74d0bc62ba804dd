namespace IntegrationHub.Adapters.Sql;

/// <summary>What one comparison of a source's keys with the store found and did.</summary>
/// <param name="Existing">Keys the source's key query returned.</param>
/// <param name="Stored">Keys of the source's rows the store holds.</param>
/// <param name="Gone">Stored keys the source no longer has.</param>
/// <param name="Deleted">What the store removed for them (0 when refused).</param>
/// <param name="Refused">Why nothing was removed although rows were gone, or null.</param>
public sealed record SqlDeletionCheck(int Existing, int Stored, int Gone, int Deleted, string? Refused);
