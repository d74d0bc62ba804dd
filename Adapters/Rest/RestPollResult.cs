namespace IntegrationHub.Adapters.Rest;

/// <summary>What one poll of a collection did.</summary>
/// <param name="Pages">Pages asked for.</param>
/// <param name="Unchanged">Of those, pages the API answered 304 Not Modified.</param>
/// <param name="Items">Items handed to the sink.</param>
public sealed record RestPollResult(int Pages, int Unchanged, int Items);
