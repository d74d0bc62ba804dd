namespace IntegrationHub.Adapters.Files;

/// <summary>
/// Stores what the file-drop adapter reads. The adapter moves a file out of the inbox only after the sink has
/// returned for every chunk, so an implementation must return only once the chunk is durable.
/// </summary>
public interface IFileChunkSink
{
    /// <summary>
    /// Stores the chunk's records and dead-letters its rejected rows, and returns the records that the sink
    /// rejected in turn (for example because they failed mapping), for the file's error report: one entry per
    /// problem, so a row with two bad columns has two.
    /// </summary>
    Task<IReadOnlyList<RejectedRow>> StoreAsync(FileChunk chunk, CancellationToken cancellationToken);
}
