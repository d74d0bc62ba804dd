using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>Log messages about the security a client chose (event ids 4140-4145).</summary>
internal static partial class OpcUaSecurityLog
{
    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "OPC UA {EndpointUrl}: endpoint {SecurityMode} {SecurityPolicy} chosen of {Offered} offered; the password (if any) is protected by {TokenProtection}")]
    public static partial void EndpointChosen(ILogger logger, Uri endpointUrl, string securityMode, string securityPolicy, int offered, string tokenProtection);
}
