using System.Globalization;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>A name qualified by a namespace index (Part 6 5.2.2.13), e.g. a BrowseName; text form <c>2:Temperature</c>.</summary>
/// <param name="NamespaceIndex">The namespace index.</param>
/// <param name="Name">The name, or null.</param>
public sealed record QualifiedName(ushort NamespaceIndex, string? Name)
{
    /// <inheritdoc />
    public override string ToString() => NamespaceIndex == 0
        ? Name ?? string.Empty
        : NamespaceIndex.ToString(CultureInfo.InvariantCulture) + ":" + Name;
}
