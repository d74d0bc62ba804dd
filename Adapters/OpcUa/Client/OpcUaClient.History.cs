using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// HistoryRead of raw values (Part 4 5.10.3, Part 11 6.5.3), following continuation points (issue 22 item 2).
public sealed partial class OpcUaClient
{
    /// <summary>
    /// Reads the raw values a server historized for one node between <paramref name="start"/> and
    /// <paramref name="end"/> (inclusive, oldest first), <paramref name="valuesPerCall"/> at a time, following the
    /// server's continuation points until it has no more or <paramref name="maxValues"/> are in; then the server's
    /// continuation point is released. A status the server gives for the node is returned, not thrown.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The request as a whole failed (connection lost, service refused).</exception>
    /// <exception cref="OpcUaProtocolException">The server's answer is malformed (another result count, another structure than HistoryData).</exception>
    public async Task<RawHistory> ReadRawHistoryAsync(NodeId nodeId, DateTime start, DateTime end, uint valuesPerCall, int maxValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValues, 1);
        ArgumentOutOfRangeException.ThrowIfZero(valuesPerCall);
        if (end < start)
        {
            throw new ArgumentException($"The end ({end:o}) is before the start ({start:o}); this client reads forward only.", nameof(end));
        }

        var details = new ReadRawModifiedDetails(start, end, valuesPerCall);
        var values = new List<DataValue>();
        byte[]? continuationPoint = null;
        // A server that keeps answering with a continuation point and no values would hold the read forever.
        var emptyPages = 0;
        while (true)
        {
            var result = await HistoryReadAsync(details, nodeId, continuationPoint, release: false, cancellationToken).ConfigureAwait(false);
            if (result.StatusCode.IsBad)
            {
                return new RawHistory(result.StatusCode, values, Capped: false);
            }

            var page = DataValuesOf(result, nodeId);
            values.AddRange(page);
            continuationPoint = result.ContinuationPoint is { Length: > 0 } cp ? cp : null;
            emptyPages = page.Length == 0 ? emptyPages + 1 : 0;
            if (continuationPoint is null)
            {
                return values.Count > maxValues
                    ? new RawHistory(result.StatusCode, values[..maxValues], Capped: true)
                    : new RawHistory(result.StatusCode, values, Capped: false);
            }

            if (values.Count >= maxValues || emptyPages > MaxEmptyHistoryPages)
            {
                await ReleaseHistoryContinuationAsync(details, nodeId, continuationPoint, cancellationToken).ConfigureAwait(false);
                OpcUaClientLog.HistoryReadCapped(_options.Logger, nodeId.ToString(), values.Count, emptyPages);
                return new RawHistory(result.StatusCode, values.Count > maxValues ? values[..maxValues] : values, Capped: true);
            }
        }
    }

    private const int MaxEmptyHistoryPages = 10;

    private async Task<HistoryReadResult> HistoryReadAsync(ReadRawModifiedDetails details, NodeId nodeId, byte[]? continuationPoint, bool release, CancellationToken cancellationToken)
    {
        var response = await CallAsync<HistoryReadResponse>(new HistoryReadRequest
        {
            HistoryReadDetails = details,
            ReleaseContinuationPoints = release,
            NodesToRead = [new HistoryReadValueId(nodeId, continuationPoint)],
        }, cancellationToken).ConfigureAwait(false);
        if (release && response.Results.Length == 0)
        {
            return new HistoryReadResult(StatusCodes.Good, null, null); // Part 4 5.10.3.2 allows empty results on release
        }

        ExpectCount(response.Results.Length, 1, "HistoryRead");
        return response.Results[0];
    }

    // Part 4 5.10.3.2: a client that stops reading shall release the continuation point, or the server holds it.
    private async Task ReleaseHistoryContinuationAsync(ReadRawModifiedDetails details, NodeId nodeId, byte[] continuationPoint, CancellationToken cancellationToken)
    {
        try
        {
            await HistoryReadAsync(details, nodeId, continuationPoint, release: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            // The server frees it when the session ends; what was read stands.
            RecordError(e);
        }
    }

    internal static DataValue[] DataValuesOf(HistoryReadResult result, NodeId nodeId) => result.HistoryData switch
    {
        null => [],
        { Body: HistoryData data } => data.DataValues,
        { Encoding: ExtensionObjectEncoding.None } => [],
        var other => throw new OpcUaProtocolException(
            $"HistoryRead of {nodeId} returned a {other.TypeId} structure where HistoryData (i={HistoryData.EncodingId}) was expected."),
    };
}
