using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// A node named in configuration, by namespace URI and identifier (<c>nsu=urn:plant:mes;s=Line1.State</c>) or by a
/// browse path from the Objects folder whose names are all in one namespace
/// (<c>path=urn:plant:mes|MES/Line1/Machine1/State</c>). Namespace indexes (<c>ns=2;...</c>) are refused: a server may
/// number its namespaces differently after a restart or an upgrade.
/// </summary>
public sealed record NodeReference
{
    private NodeReference(string text, ExpandedNodeId? nodeId, IReadOnlyList<BrowsePathElement>? browsePath)
    {
        Text = text;
        NodeId = nodeId;
        BrowsePath = browsePath;
    }

    /// <summary>The reference as configured.</summary>
    public string Text { get; }

    /// <summary>The node id, for the <c>nsu=</c> form.</summary>
    public ExpandedNodeId? NodeId { get; }

    /// <summary>The browse path from the Objects folder, for the <c>path=</c> form.</summary>
    public IReadOnlyList<BrowsePathElement>? BrowsePath { get; }

    /// <summary>Parses a reference; the exception's message says what is wrong and how to write it.</summary>
    /// <exception cref="FormatException">The text is neither form, or uses a namespace index.</exception>
    public static NodeReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith("path=", StringComparison.Ordinal))
        {
            var body = trimmed["path=".Length..];
            var bar = body.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || bar == body.Length - 1)
            {
                throw new FormatException($"'{text}' is not a browse path: write path=<namespace URI>|<name>/<name>/..., for example path=urn:plant:mes|MES/Line1/Machine1/State.");
            }

            var uri = body[..bar];
            var names = body[(bar + 1)..].Split('/', StringSplitOptions.TrimEntries);
            if (names.Any(string.IsNullOrEmpty))
            {
                throw new FormatException($"'{text}' has an empty browse name between two '/'.");
            }

            return new NodeReference(trimmed, null, names.Select(n => new BrowsePathElement(uri, n)).ToList());
        }

        if (trimmed.StartsWith("ns=", StringComparison.Ordinal) || trimmed.Contains(";ns=", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' names its namespace by index, which a server may renumber. Use its URI: nsu=<namespace URI>;s=... (the server's NamespaceArray lists them).");
        }

        if (!trimmed.StartsWith("nsu=", StringComparison.Ordinal) && !trimmed.StartsWith("i=", StringComparison.Ordinal))
        {
            throw new FormatException($"'{text}' is not a node reference: write nsu=<namespace URI>;s=<id> (or ;i=, ;g=, ;b=), or path=<namespace URI>|<name>/<name>.");
        }

        try
        {
            return new NodeReference(trimmed, ExpandedNodeId.Parse(trimmed), null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OpcUaProtocolException)
        {
            throw new FormatException($"'{text}' is not a valid node id: {e.Message}", e);
        }
    }

    /// <summary>Resolves the reference to a node id on the connected server (browse paths are translated).</summary>
    public async Task<ExpandedNodeId> ResolveAsync(OpcUaClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (NodeId is not null)
        {
            return NodeId;
        }

        var nodeId = await client.ResolveBrowsePathAsync(BrowsePath!, cancellationToken).ConfigureAwait(false);
        return client.Namespaces.ToExpandedNodeId(nodeId);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
