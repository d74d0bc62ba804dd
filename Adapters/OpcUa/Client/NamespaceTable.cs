using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>The server's namespace array (Server_NamespaceArray, i=2255), read at connect: maps URIs to indexes.</summary>
public sealed class NamespaceTable
{
    private readonly string[] _uris;

    /// <summary>Creates a table from the server's array.</summary>
    public NamespaceTable(IReadOnlyList<string?> uris)
    {
        ArgumentNullException.ThrowIfNull(uris);
        _uris = uris.Select(u => u ?? string.Empty).ToArray();
    }

    /// <summary>The URIs, index 0 being the OPC UA namespace.</summary>
    public IReadOnlyList<string> Uris => _uris;

    /// <summary>The index of <paramref name="uri"/>, or -1.</summary>
    public int IndexOf(string uri) => Array.IndexOf(_uris, uri);

    /// <summary>Resolves an <c>nsu=</c> ExpandedNodeId to a NodeId with this server's index.</summary>
    /// <exception cref="OpcUaServiceException">The server does not know the namespace URI (BadNodeIdUnknown).</exception>
    public NodeId ToNodeId(ExpandedNodeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.NamespaceUri is null)
        {
            return id.NodeId;
        }

        var index = IndexOf(id.NamespaceUri);
        if (index < 0)
        {
            throw new OpcUaServiceException(StatusCodes.BadNodeIdUnknown,
                $"The server has no namespace '{id.NamespaceUri}' (it has: {string.Join(", ", _uris)}).");
        }

        return id.NodeId.WithNamespace((ushort)index);
    }

    /// <summary>Gives a NodeId of this server its namespace URI, for configuration and logs.</summary>
    public ExpandedNodeId ToExpandedNodeId(NodeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.NamespaceIndex == 0 || id.NamespaceIndex >= _uris.Length
            ? new ExpandedNodeId(id)
            : new ExpandedNodeId(id.WithNamespace(0), _uris[id.NamespaceIndex]);
    }
}
