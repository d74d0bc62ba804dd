using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Discovery, attribute and view services (Part 4 5.4, 5.8, 5.9, 5.10).
public sealed partial class OpcUaClient
{
    /// <summary>GetEndpoints (Part 4 5.4.4): the server's endpoints.</summary>
    public async Task<IReadOnlyList<EndpointDescription>> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var response = await Channel.SendRequestAsync<GetEndpointsResponse>(
            new GetEndpointsRequest { EndpointUrl = _options.EndpointUrl.OriginalString }, cancellationToken).ConfigureAwait(false);
        return response.Endpoints;
    }

    /// <summary>Read (Part 4 5.10.2): one DataValue per item, in order; per-item failures are in each Status.</summary>
    public async Task<IReadOnlyList<DataValue>> ReadAsync(IReadOnlyList<ReadValueId> nodesToRead, CancellationToken cancellationToken,
        TimestampsToReturn timestamps = TimestampsToReturn.Both)
    {
        ArgumentNullException.ThrowIfNull(nodesToRead);
        var response = await CallAsync<ReadResponse>(
            new ReadRequest { NodesToRead = nodesToRead, TimestampsToReturn = timestamps }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, nodesToRead.Count, "Read");
        return response.Results;
    }

    /// <summary>Reads the Value attribute of one node.</summary>
    public async Task<DataValue> ReadValueAsync(NodeId nodeId, CancellationToken cancellationToken)
        => (await ReadAsync([new ReadValueId(nodeId)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Reads the Value attribute of a node addressed by namespace URI.</summary>
    public Task<DataValue> ReadValueAsync(ExpandedNodeId nodeId, CancellationToken cancellationToken)
        => ReadValueAsync(Namespaces.ToNodeId(nodeId), cancellationToken);

    /// <summary>Write (Part 4 5.10.4): one StatusCode per item, in order.</summary>
    public async Task<IReadOnlyList<StatusCode>> WriteAsync(IReadOnlyList<WriteValue> nodesToWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodesToWrite);
        var response = await CallAsync<WriteResponse>(new WriteRequest { NodesToWrite = nodesToWrite }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, nodesToWrite.Count, "Write");
        return response.Results;
    }

    /// <summary>Writes the Value attribute of one node and returns the server's status for it.</summary>
    public async Task<StatusCode> WriteValueAsync(NodeId nodeId, Variant value, CancellationToken cancellationToken)
        => (await WriteAsync([new WriteValue(nodeId, new DataValue { Value = value })], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Writes the Value attribute of a node addressed by namespace URI.</summary>
    public Task<StatusCode> WriteValueAsync(ExpandedNodeId nodeId, Variant value, CancellationToken cancellationToken)
        => WriteValueAsync(Namespaces.ToNodeId(nodeId), value, cancellationToken);

    /// <summary>Browse (Part 4 5.8.2): one result per node; a result may carry a continuation point for BrowseNext.</summary>
    public async Task<IReadOnlyList<BrowseResult>> BrowseAsync(IReadOnlyList<BrowseDescription> nodesToBrowse, CancellationToken cancellationToken,
        uint maxReferencesPerNode = 0)
    {
        ArgumentNullException.ThrowIfNull(nodesToBrowse);
        var response = await CallAsync<BrowseResponse>(
            new BrowseRequest { NodesToBrowse = nodesToBrowse, RequestedMaxReferencesPerNode = maxReferencesPerNode }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, nodesToBrowse.Count, "Browse");
        return response.Results;
    }

    /// <summary>BrowseNext (Part 4 5.8.3): continues (or, with <paramref name="release"/>, releases) continuation points.</summary>
    public async Task<IReadOnlyList<BrowseResult>> BrowseNextAsync(IReadOnlyList<byte[]> continuationPoints, bool release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(continuationPoints);
        var response = await CallAsync<BrowseResponse>(
            new BrowseNextRequest { ContinuationPoints = continuationPoints, ReleaseContinuationPoints = release }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, continuationPoints.Count, "BrowseNext");
        return response.Results;
    }

    /// <summary>Browses one node and follows continuation points until all references are in.</summary>
    public async Task<IReadOnlyList<ReferenceDescription>> BrowseAllAsync(BrowseDescription node, CancellationToken cancellationToken, uint maxReferencesPerCall = 0)
    {
        var result = (await BrowseAsync([node], cancellationToken, maxReferencesPerCall).ConfigureAwait(false))[0];
        var references = new List<ReferenceDescription>();
        while (true)
        {
            if (result.StatusCode.IsBad)
            {
                throw new OpcUaServiceException(result.StatusCode, $"Browse of {node.NodeId} failed: {result.StatusCode}");
            }

            references.AddRange(result.References);
            if (result.ContinuationPoint is not { Length: > 0 } cp)
            {
                return references;
            }

            result = (await BrowseNextAsync([cp], release: false, cancellationToken).ConfigureAwait(false))[0];
        }
    }

    /// <summary>TranslateBrowsePathsToNodeIds (Part 4 5.9.2).</summary>
    public async Task<IReadOnlyList<BrowsePathResult>> TranslateBrowsePathsAsync(IReadOnlyList<BrowsePath> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var response = await CallAsync<TranslateBrowsePathsResponse>(new TranslateBrowsePathsRequest { BrowsePaths = paths }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, paths.Count, "TranslateBrowsePathsToNodeIds");
        return response.Results;
    }

    /// <summary>
    /// Resolves a browse path from <paramref name="startingNode"/> (the Objects folder when null) whose names are
    /// qualified by namespace URI, to the NodeId it leads to on this server.
    /// </summary>
    /// <exception cref="OpcUaServiceException">A namespace is unknown or the path leads nowhere (the status says why).</exception>
    public async Task<NodeId> ResolveBrowsePathAsync(IReadOnlyList<BrowsePathElement> path, CancellationToken cancellationToken, NodeId? startingNode = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var elements = path.Select(p =>
        {
            var index = string.IsNullOrEmpty(p.NamespaceUri) ? 0 : Namespaces.IndexOf(p.NamespaceUri);
            if (index < 0)
            {
                throw new OpcUaServiceException(StatusCodes.BadNodeIdUnknown, $"The server has no namespace '{p.NamespaceUri}' (browse path element '{p.Name}').");
            }

            return new RelativePathElement(new QualifiedName((ushort)index, p.Name));
        }).ToList();
        var start = startingNode ?? WellKnownNodeIds.ObjectsFolder;
        var result = (await TranslateBrowsePathsAsync([new BrowsePath(start, elements)], cancellationToken).ConfigureAwait(false))[0];
        var text = string.Join("/", path.Select(p => p.Name));
        if (result.StatusCode.IsBad)
        {
            throw new OpcUaServiceException(result.StatusCode, $"Browse path '{text}' from {start} does not resolve: {result.StatusCode}");
        }

        var target = result.Targets.FirstOrDefault(t => t.RemainingPathIndex == uint.MaxValue)
            ?? throw new OpcUaServiceException(StatusCodes.BadNodeIdUnknown, $"Browse path '{text}' leads to no local node.");
        return Namespaces.ToNodeId(target.TargetId);
    }

    private static void ExpectCount(int actual, int expected, string service)
    {
        if (actual != expected)
        {
            throw new OpcUaProtocolException($"{service} returned {actual} results for {expected} items.");
        }
    }
}
