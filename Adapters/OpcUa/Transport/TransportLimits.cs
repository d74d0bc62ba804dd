namespace IntegrationHub.Adapters.OpcUa.Transport;

/// <summary>Buffer and message sizes of one side of a UA-TCP connection (Part 6 7.1.2.3/7.1.2.4).</summary>
/// <param name="ReceiveBufferSize">Largest chunk the side can receive, in bytes (at least 8192).</param>
/// <param name="SendBufferSize">Largest chunk the side will send, in bytes (at least 8192).</param>
/// <param name="MaxMessageSize">Largest message the side can receive, in bytes; 0 means no limit.</param>
/// <param name="MaxChunkCount">Most chunks of one message the side can receive; 0 means no limit.</param>
internal sealed record TransportLimits(uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount)
{
    /// <summary>The smallest buffer that Part 6 allows.</summary>
    public const uint MinBufferSize = 8192;
}
