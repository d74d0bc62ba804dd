namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// A sink that keeps what it is given, refuses the rows whose field <c>bad</c> is set (as a failed mapping would),
/// and can be told to fail, as a store that is down would.
/// </summary>
internal sealed class RecordingSink : IFileChunkSink
{
    public List<FileChunk> Chunks { get; } = [];

    public bool Down { get; set; }

    public Task<IReadOnlyList<RejectedRow>> StoreAsync(FileChunk chunk, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new IOException("store is down");
        }

        Chunks.Add(chunk);
        IReadOnlyList<RejectedRow> refused = chunk.Records
            .Where(r => r.Fields.TryGetValue("bad", out var v) && !string.IsNullOrEmpty(v))
            .Select(r => new RejectedRow(chunk.File, int.Parse(r.Reference.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), "bad", "mapping refused it", "raw"))
            .ToList();
        return Task.FromResult(refused);
    }
}
