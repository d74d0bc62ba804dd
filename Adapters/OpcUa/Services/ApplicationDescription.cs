using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.2: describes a client or server application. ApplicationType: 0 Server, 1 Client, 2 ClientAndServer, 3 DiscoveryServer.</summary>
public sealed record ApplicationDescription
{
    /// <summary>Globally unique URI of the application instance.</summary>
    public string? ApplicationUri { get; init; }

    /// <summary>URI of the product.</summary>
    public string? ProductUri { get; init; }

    /// <summary>Display name.</summary>
    public LocalizedText? ApplicationName { get; init; }

    /// <summary>0 Server, 1 Client, 2 ClientAndServer, 3 DiscoveryServer.</summary>
    public int ApplicationType { get; init; }

    /// <summary>Discovery URLs of the server.</summary>
    public IReadOnlyList<string?> DiscoveryUrls { get; init; } = [];

    internal void Encode(BinaryEncoder e)
    {
        e.WriteString(ApplicationUri);
        e.WriteString(ProductUri);
        e.WriteLocalizedText(ApplicationName);
        e.WriteInt32(ApplicationType);
        e.WriteString(null); // GatewayServerUri
        e.WriteString(null); // DiscoveryProfileUri
        e.WriteArray(DiscoveryUrls, (x, s) => x.WriteString(s));
    }

    internal static ApplicationDescription Decode(BinaryDecoder d)
    {
        var uri = d.ReadString();
        var product = d.ReadString();
        var name = d.ReadLocalizedText();
        var type = d.ReadInt32();
        d.ReadString();
        d.ReadString();
        var urls = d.ReadArrayOrEmpty("String", x => x.ReadString(), 4);
        return new ApplicationDescription { ApplicationUri = uri, ProductUri = product, ApplicationName = name, ApplicationType = type, DiscoveryUrls = urls };
    }
}
