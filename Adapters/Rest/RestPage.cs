using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Rest;

/// <summary>The items of one page, as source records, stored together.</summary>
/// <param name="Source">The source name.</param>
/// <param name="Address">The page's address, secrets masked, for logs and dead letters.</param>
/// <param name="Records">The page's items.</param>
public sealed record RestPage(string Source, string Address, IReadOnlyList<SourceRecord> Records);
