namespace IntegrationHub.Adapters.OpcUa.Transport;

/// <summary>One chunk as received: its header and the bytes after the header (owned by the receiver).</summary>
internal sealed record RawChunk(ChunkHeader Header, byte[] Body);
