namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// A sink that keeps what it is given, refuses the rows whose field <c>bad</c> is set (as a failed mapping would),
/// and can be told to fail, as a store that is down would.
/// </summary>
internal sealed class RecordingSink : IFileChunkSink
{
    public List<FileChunk> Chunks { get; } = [];

    public bool Down { get; set; }

    public IPreparedFileChunk Prepare(FileChunk chunk)
    {
        IReadOnlyList<RejectedRow> refused = chunk.Records
            .Where(r => r.Fields.TryGetValue("bad", out var v) && !string.IsNullOrEmpty(v))
            .Select(r => new RejectedRow(chunk.File, int.Parse(r.Reference.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), "bad", "mapping refused it", "raw"))
            .ToList();
        return new Recorded(this, chunk, refused);
    }

    private sealed class Recorded(RecordingSink sink, FileChunk chunk, IReadOnlyList<RejectedRow> refused) : IPreparedFileChunk
    {
        public IReadOnlyList<RejectedRow> Refused => refused;

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            if (sink.Down)
            {
                throw new IOException("store is down");
            }

            lock (sink.Chunks)
            {
                sink.Chunks.Add(chunk);
            }

            return Task.CompletedTask;
        }
    }
}
