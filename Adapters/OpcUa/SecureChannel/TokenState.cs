using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>A security token of the channel and, with security, the keys derived for it (null with SecurityPolicy None).</summary>
internal sealed record TokenState(ChannelSecurityToken Token, SymmetricKeys? ClientKeys, SymmetricKeys? ServerKeys);
