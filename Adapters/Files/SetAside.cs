namespace IntegrationHub.Adapters.Files;

/// <summary>Why a file that was partly read goes to failed/ whole, with the rejected rows for its report.</summary>
internal sealed record SetAside(string Reason, IReadOnlyList<RejectedRow> Listed, long NotListed);
