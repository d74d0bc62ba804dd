namespace IntegrationHub.Adapters.Files;

/// <summary>
/// Stores what the file-drop adapter reads, in two steps so that the adapter can read and prepare the next chunk while
/// the previous one is being stored (issue 17, Benchmarks: the import used one of two cores). <see cref="Prepare"/>
/// maps a chunk and writes nothing; <see cref="IPreparedFileChunk.CommitAsync"/> stores it. The adapter commits the
/// chunks one at a time, in file order, and moves a file out of the inbox only after every commit has returned, so a
/// commit must return only once the chunk is durable.
/// </summary>
public interface IFileChunkSink
{
    /// <summary>
    /// Prepares the chunk's records and its rejected rows for storing, without storing anything, and reports the
    /// records that the sink rejects in turn (for example because they failed mapping). May run while an earlier
    /// chunk of the same file is being committed, so it must not depend on that commit.
    /// </summary>
    IPreparedFileChunk Prepare(FileChunk chunk);
}
