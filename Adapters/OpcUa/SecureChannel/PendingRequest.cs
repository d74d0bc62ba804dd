namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>A request waiting for its response: the chunks received so far and the completion to signal.</summary>
internal sealed class PendingRequest(uint requestId, uint requestHandle)
{
    private readonly TaskCompletionSource<ReadOnlyMemory<byte>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<byte[]> _chunks = [];

    public uint RequestId { get; } = requestId;

    public uint RequestHandle { get; } = requestHandle;

    public Task<ReadOnlyMemory<byte>> Task => _completion.Task;

    public long ReceivedBytes { get; private set; }

    public int ChunkCount => _chunks.Count;

    /// <summary>True after the message was rejected (too large); further chunks are dropped until the final one.</summary>
    public bool Discarding { get; set; }

    public void AddChunk(byte[] bodyPart)
    {
        _chunks.Add(bodyPart);
        ReceivedBytes += bodyPart.Length;
    }

    public void Complete()
    {
        var whole = new byte[ReceivedBytes];
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(whole, offset);
            offset += chunk.Length;
        }

        _chunks.Clear();
        _completion.TrySetResult(whole);
    }

    public void Fail(Exception e)
    {
        _chunks.Clear();
        _completion.TrySetException(e);
    }
}
