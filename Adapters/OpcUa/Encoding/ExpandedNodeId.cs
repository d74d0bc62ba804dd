using System.Globalization;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// A NodeId that may name its namespace by URI instead of index and may point to another server
/// (Part 6 5.2.2.10; text form <c>svr=1;nsu=urn:x;s=Id</c>). Configuration uses the <c>nsu=</c> form, so
/// that addresses do not depend on the order of a server's namespace table.
/// </summary>
public sealed record ExpandedNodeId
{
    /// <summary>Creates an ExpandedNodeId.</summary>
    public ExpandedNodeId(NodeId nodeId, string? namespaceUri = null, uint serverIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        NodeId = nodeId;
        NamespaceUri = string.IsNullOrEmpty(namespaceUri) ? null : namespaceUri;
        ServerIndex = serverIndex;
    }

    /// <summary>The NodeId; its namespace index is meaningless when <see cref="NamespaceUri"/> is set.</summary>
    public NodeId NodeId { get; }

    /// <summary>The namespace URI, or null when the NodeId's index applies.</summary>
    public string? NamespaceUri { get; }

    /// <summary>The index in the server table; 0 for the local server.</summary>
    public uint ServerIndex { get; }

    /// <summary>Parses <c>[svr=&lt;n&gt;;][nsu=&lt;uri&gt;;|ns=&lt;n&gt;;]&lt;i|s|g|b&gt;=&lt;value&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not an ExpandedNodeId.</exception>
    public static ExpandedNodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint server = 0;
        var rest = text;
        if (rest.StartsWith("svr=", StringComparison.Ordinal))
        {
            var semi = rest.IndexOf(';', StringComparison.Ordinal);
            if (semi < 0 || !uint.TryParse(rest.AsSpan(4, semi - 4), NumberStyles.None, CultureInfo.InvariantCulture, out server))
            {
                throw new FormatException($"'{text}' is not an ExpandedNodeId: expected 'svr=<number>;'.");
            }

            rest = rest[(semi + 1)..];
        }

        if (rest.StartsWith("nsu=", StringComparison.Ordinal))
        {
            // The URI ends at the last ';' before the identifier ("nsu=urn:a;b;s=x" is ambiguous; URIs with ';' must be escaped).
            var semi = rest.IndexOf(";i=", StringComparison.Ordinal);
            foreach (var marker in new[] { ";s=", ";g=", ";b=" })
            {
                var at = rest.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0 && (semi < 0 || at < semi))
                {
                    semi = at;
                }
            }

            if (semi < 0)
            {
                throw new FormatException($"'{text}' is not an ExpandedNodeId: expected 'nsu=<uri>;' followed by i=, s=, g= or b=.");
            }

            var uri = rest[4..semi];
            return new ExpandedNodeId(NodeId.ParseIdentifier(text, rest[(semi + 1)..], 0), Uri.UnescapeDataString(uri), server);
        }

        return new ExpandedNodeId(NodeId.Parse(rest), null, server);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var prefix = ServerIndex == 0 ? string.Empty : "svr=" + ServerIndex.ToString(CultureInfo.InvariantCulture) + ";";
        return NamespaceUri is null
            ? prefix + NodeId
            : prefix + "nsu=" + NamespaceUri + ";" + NodeId.IdentifierText;
    }
}
