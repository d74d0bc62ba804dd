namespace IntegrationHub.Adapters.Files.Tests;

/// <summary>
/// A sink for the overlapped import (issue 17, Benchmarks) that records, for every chunk it prepares, how many commits
/// were unfinished at that moment, and whose commit of one chosen chunk can wait for a condition, fail, or cancel.
/// </summary>
internal sealed class ScriptedSink : IFileChunkSink
{
    private readonly Lock _gate = new();
    private int _unfinished;

    /// <summary>The chunk numbers (from 1) committed, in commit order.</summary>
    public List<int> Committed { get; } = [];

    /// <summary>
    /// For each chunk in order, how many chunks before it had been prepared and not yet committed when it was
    /// prepared: what the watcher holds in memory beyond the chunk being read.
    /// </summary>
    public List<int> AheadAtPrepare { get; } = [];

    /// <summary>The chunk numbers prepared so far.</summary>
    public int Prepared { get; private set; }

    /// <summary>How many commits are running now.</summary>
    public int Unfinished => Volatile.Read(ref _unfinished);

    /// <summary>Called at the start of a chunk's commit with its number; may wait, throw, or cancel.</summary>
    public Func<int, CancellationToken, Task> OnCommit { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Completes when the chunk after the one given was prepared.</summary>
    public TaskCompletionSource SecondPrepared { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPreparedFileChunk Prepare(FileChunk chunk)
    {
        int number;
        lock (_gate)
        {
            AheadAtPrepare.Add(Prepared - Committed.Count);
            number = ++Prepared;
        }

        if (number == 2)
        {
            SecondPrepared.TrySetResult();
        }

        return new Step(this, number);
    }

    private sealed class Step(ScriptedSink sink, int number) : IPreparedFileChunk
    {
        public IReadOnlyList<RejectedRow> Refused => [];

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref sink._unfinished);
            try
            {
                await sink.OnCommit(number, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                lock (sink._gate)
                {
                    sink.Committed.Add(number);
                }
            }
            finally
            {
                Interlocked.Decrement(ref sink._unfinished);
            }
        }
    }
}
