using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>A service request: a structure whose first field is the RequestHeader (Part 4 7.33).</summary>
internal interface IServiceRequest : IEncodeable
{
    RequestHeader RequestHeader { get; }
}
