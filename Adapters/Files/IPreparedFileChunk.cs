namespace IntegrationHub.Adapters.Files;

/// <summary>A chunk that <see cref="IFileChunkSink.Prepare"/> made ready to store.</summary>
public interface IPreparedFileChunk
{
    /// <summary>
    /// The records the sink rejected, for the file's error report: one entry per problem, so a row with two bad
    /// columns has two. Known before the commit, so that the next chunk's dead-letter budget is known too.
    /// </summary>
    IReadOnlyList<RejectedRow> Refused { get; }

    /// <summary>Stores the chunk's records and dead-letters its rejected rows; returns once that is durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
