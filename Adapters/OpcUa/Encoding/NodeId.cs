using System.Globalization;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Identifies a node in a server's address space: a namespace index and a numeric, string, GUID or opaque
/// identifier (Part 3 8.2; text form of Part 6 5.3.1.10: <c>ns=1;s=Line1</c>, <c>i=85</c>).
/// </summary>
public sealed class NodeId : IEquatable<NodeId>
{
    /// <summary>The null NodeId (<c>i=0</c>).</summary>
    public static readonly NodeId Null = new(0u);

    private readonly object _identifier;

    /// <summary>A numeric NodeId.</summary>
    public NodeId(uint value, ushort namespaceIndex = 0)
    {
        IdType = IdType.Numeric;
        _identifier = value;
        NamespaceIndex = namespaceIndex;
    }

    /// <summary>A string NodeId.</summary>
    public NodeId(string value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        IdType = IdType.String;
        _identifier = value;
        NamespaceIndex = namespaceIndex;
    }

    /// <summary>A GUID NodeId.</summary>
    public NodeId(Guid value, ushort namespaceIndex)
    {
        IdType = IdType.Guid;
        _identifier = value;
        NamespaceIndex = namespaceIndex;
    }

    /// <summary>An opaque (ByteString) NodeId.</summary>
    public NodeId(byte[] value, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        IdType = IdType.Opaque;
        _identifier = value.ToArray();
        NamespaceIndex = namespaceIndex;
    }

    /// <summary>The namespace index into the server's namespace table.</summary>
    public ushort NamespaceIndex { get; }

    /// <summary>The kind of identifier.</summary>
    public IdType IdType { get; }

    /// <summary>The identifier: <see cref="uint"/>, <see cref="string"/>, <see cref="System.Guid"/> or <see cref="byte"/>[].</summary>
    public object Identifier => _identifier is byte[] b ? b.ToArray() : _identifier;

    internal object RawIdentifier => _identifier;

    /// <summary>The same identifier in another namespace.</summary>
    public NodeId WithNamespace(ushort namespaceIndex) => namespaceIndex == NamespaceIndex ? this : _identifier switch
    {
        uint n => new NodeId(n, namespaceIndex),
        string s => new NodeId(s, namespaceIndex),
        Guid g => new NodeId(g, namespaceIndex),
        byte[] b => new NodeId(b, namespaceIndex),
        _ => throw new InvalidOperationException("Unknown identifier type."),
    };

    /// <summary>True for <c>i=0</c> in namespace 0 (and for empty string, GUID or opaque identifiers there).</summary>
    public bool IsNull => NamespaceIndex == 0 && _identifier switch
    {
        uint n => n == 0,
        string s => s.Length == 0,
        Guid g => g == Guid.Empty,
        byte[] b => b.Length == 0,
        _ => false,
    };

    /// <summary>Parses the text form <c>[ns=&lt;index&gt;;]&lt;i|s|g|b&gt;=&lt;value&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not a NodeId.</exception>
    public static NodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ushort ns = 0;
        var rest = text;
        if (rest.StartsWith("ns=", StringComparison.Ordinal))
        {
            var semi = rest.IndexOf(';', StringComparison.Ordinal);
            if (semi < 0 || !ushort.TryParse(rest.AsSpan(3, semi - 3), NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                throw new FormatException($"'{text}' is not a NodeId: expected 'ns=<0..65535>;' before the identifier.");
            }

            rest = rest[(semi + 1)..];
        }

        return ParseIdentifier(text, rest, ns);
    }

    internal static NodeId ParseIdentifier(string text, string rest, ushort ns)
    {
        if (rest.Length < 2 || rest[1] != '=')
        {
            throw new FormatException($"'{text}' is not a NodeId: expected i=, s=, g= or b= followed by the identifier.");
        }

        var value = rest[2..];
        switch (rest[0])
        {
            case 'i':
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    throw new FormatException($"'{text}' is not a NodeId: 'i=' needs an unsigned 32-bit number.");
                }

                return new NodeId(n, ns);
            case 's':
                return new NodeId(value, ns);
            case 'g':
                if (!Guid.TryParse(value, out var g))
                {
                    throw new FormatException($"'{text}' is not a NodeId: 'g=' needs a GUID.");
                }

                return new NodeId(g, ns);
            case 'b':
                try
                {
                    return new NodeId(Convert.FromBase64String(value), ns);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"'{text}' is not a NodeId: 'b=' needs base64.", e);
                }

            default:
                throw new FormatException($"'{text}' is not a NodeId: expected i=, s=, g= or b= followed by the identifier.");
        }
    }

    /// <summary>The identifier part of the text form, without the namespace (<c>i=85</c>, <c>s=Line1</c>).</summary>
    public string IdentifierText => _identifier switch
    {
        uint n => "i=" + n.ToString(CultureInfo.InvariantCulture),
        string s => "s=" + s,
        Guid g => "g=" + g.ToString("D", CultureInfo.InvariantCulture),
        byte[] b => "b=" + Convert.ToBase64String(b),
        _ => "?",
    };

    /// <inheritdoc />
    public override string ToString() => NamespaceIndex == 0
        ? IdentifierText
        : "ns=" + NamespaceIndex.ToString(CultureInfo.InvariantCulture) + ";" + IdentifierText;

    /// <inheritdoc />
    public bool Equals(NodeId? other)
    {
        if (other is null || other.NamespaceIndex != NamespaceIndex || other.IdType != IdType)
        {
            return false;
        }

        return _identifier switch
        {
            byte[] b => b.AsSpan().SequenceEqual((byte[])other._identifier),
            _ => _identifier.Equals(other._identifier),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(NamespaceIndex);
        h.Add(IdType);
        if (_identifier is byte[] b)
        {
            h.AddBytes(b);
        }
        else
        {
            h.Add(_identifier);
        }

        return h.ToHashCode();
    }

    /// <summary>Equality by value.</summary>
    public static bool operator ==(NodeId? left, NodeId? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by value.</summary>
    public static bool operator !=(NodeId? left, NodeId? right) => !(left == right);
}
