using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Picks the endpoint a client connects to: of those that configuration allows (a mode between the least and the most
/// configured, a policy this client implements or the one configuration pins, a secured one only with a PKI folder),
/// the strongest: SignAndEncrypt before Sign before None, then Aes256_Sha256_RsaPss before Basic256Sha256 before
/// Aes128_Sha256_RsaOaep, then the server's own SecurityLevel. The mode comes first because confidentiality is worth
/// more than a stronger signature alone.
/// </summary>
internal static class EndpointChoice
{
    private const string BinaryTransport = "uatcp-uasc-uabinary";

    public static EndpointDescription Choose(IReadOnlyList<EndpointDescription> endpoints, OpcUaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var pinned = Pinned(options);
        var hasPki = options.PkiRoot is not null;
        var candidates = endpoints
            .Where(e => e.SecurityMode >= options.SecurityMode && e.SecurityMode <= options.MaximumSecurityMode)
            .Where(e => e.SecurityMode == MessageSecurityMode.None
                ? e.SecurityPolicyUri == SecurityPolicyUris.None
                : e.SecurityMode is MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt
                    && hasPki
                    && SecurityPolicy.Find(e.SecurityPolicyUri) is { } policy
                    && (pinned is null || pinned == policy))
            .Where(e => e.TransportProfileUri is null || e.TransportProfileUri.EndsWith(BinaryTransport, StringComparison.Ordinal))
            .OrderByDescending(e => e.SecurityMode)
            .ThenByDescending(e => SecurityPolicy.Find(e.SecurityPolicyUri)?.Strength ?? 0)
            .ThenByDescending(e => e.SecurityLevel)
            .ToList();
        return candidates.FirstOrDefault()
            ?? throw new OpcUaServiceException(StatusCodes.BadSecurityModeInsufficient,
                $"The server offers no endpoint with security mode {options.SecurityMode} to {options.MaximumSecurityMode} and "
                + (pinned is null ? $"a policy this client implements (None, {SecurityPolicy.Names})" : $"security policy {pinned.Name} (set by configuration)")
                + (hasPki ? string.Empty : "; secured endpoints need PkiRoot") + ". It offers: "
                + string.Join("; ", endpoints.Select(e => $"{e.SecurityMode} {e.SecurityPolicyUri}")));
    }

    /// <summary>The policy <see cref="OpcUaClientOptions.SecurityPolicy"/> pins, or null for the strongest the server offers.</summary>
    /// <exception cref="ArgumentException">The option names no implemented policy.</exception>
    public static SecurityPolicy? Pinned(OpcUaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.SecurityPolicy) || string.Equals(options.SecurityPolicy, "Best", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return SecurityPolicy.FindByNameOrUri(options.SecurityPolicy)
            ?? throw new ArgumentException($"SecurityPolicy '{options.SecurityPolicy}' is not one this client implements: use Best, {SecurityPolicy.Names}.", nameof(options));
    }
}
