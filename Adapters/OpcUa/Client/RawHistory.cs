using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>What a raw history read of one node (Part 11 6.5.3) brought.</summary>
/// <param name="Status">
/// Good (or GoodNoData) when the server gave every value of the time domain up to the cap; otherwise the status that
/// stopped the read, for example BadHistoryOperationUnsupported for a node the server does not historize, or
/// BadNodeIdUnknown. Values read before a failure are kept.
/// </param>
/// <param name="Values">The values in the order the server returned them.</param>
/// <param name="Capped">True when the read stopped at the cap with more values left on the server (its continuation point released).</param>
public sealed record RawHistory(StatusCode Status, IReadOnlyList<DataValue> Values, bool Capped);
