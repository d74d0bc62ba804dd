namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>A service response: a structure whose first field is the ResponseHeader (Part 4 7.34).</summary>
internal interface IServiceResponse
{
    ResponseHeader ResponseHeader { get; }
}
