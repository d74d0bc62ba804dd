using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Transport;

namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>Settings of one secure channel.</summary>
internal sealed record SecureChannelOptions
{
    public TransportLimits TransportLimits { get; init; } = new(65535, 65535, 16 * 1024 * 1024, 0);

    public EncodingLimits EncodingLimits { get; init; } = EncodingLimits.Default;

    /// <summary>Requested token lifetime; the channel renews at 75 % of the revised lifetime.</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Sign or SignAndEncrypt with a policy and the certificates; null for SecurityPolicy None.</summary>
    public ChannelSecurity? Security { get; init; }
}
