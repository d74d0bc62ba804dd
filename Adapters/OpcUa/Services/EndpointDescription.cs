using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.14: an endpoint of a server with its security settings and the identities it accepts.</summary>
public sealed record EndpointDescription
{
    /// <summary>The URL of the endpoint.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The server.</summary>
    public ApplicationDescription Server { get; init; } = new();

    /// <summary>The server's application instance certificate (DER), if any.</summary>
    public byte[]? ServerCertificate { get; init; }

    /// <summary>The message security mode.</summary>
    public MessageSecurityMode SecurityMode { get; init; }

    /// <summary>The security policy URI.</summary>
    public string? SecurityPolicyUri { get; init; }

    /// <summary>The user identity tokens accepted.</summary>
    public IReadOnlyList<UserTokenPolicy> UserIdentityTokens { get; init; } = [];

    /// <summary>The transport profile URI.</summary>
    public string? TransportProfileUri { get; init; }

    /// <summary>Relative security level (higher is more secure).</summary>
    public byte SecurityLevel { get; init; }

    internal static EndpointDescription Decode(BinaryDecoder d) => new()
    {
        EndpointUrl = d.ReadString(),
        Server = ApplicationDescription.Decode(d),
        ServerCertificate = d.ReadByteString(),
        SecurityMode = (MessageSecurityMode)d.ReadInt32(),
        SecurityPolicyUri = d.ReadString(),
        UserIdentityTokens = d.ReadArrayOrEmpty("UserTokenPolicy", UserTokenPolicy.Decode, 16),
        TransportProfileUri = d.ReadString(),
        SecurityLevel = d.ReadByte(),
    };
}
