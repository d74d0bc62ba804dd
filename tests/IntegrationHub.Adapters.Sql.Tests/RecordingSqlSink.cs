namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>Keeps what the poller stores, and the watermark, as the hub's store would (atomically per batch).</summary>
internal sealed class RecordingSqlSink : ISqlBatchSink
{
    private readonly Lock _gate = new();
    private readonly List<SqlBatch> _batches = [];
    private readonly Dictionary<string, string> _watermarks = [];
    private readonly HashSet<string> _deleted = [];

    private int _prepared;
    private int _stored;
    private int _storing;
    private int _mostAhead;

    /// <summary>Runs before a batch is stored, with the poller's token; throwing from it means the batch was not stored.</summary>
    public Func<SqlBatch, CancellationToken, Task>? BeforeStore { get; set; }

    /// <summary>Runs when the poller prepares a batch (on its reading side), with how many batches were prepared so far.</summary>
    public Action<int>? OnPrepare { get; set; }

    /// <summary>The most batches prepared and not yet stored at any one time, counting the one being prepared.</summary>
    public int MostAhead
    {
        get
        {
            lock (_gate)
            {
                return _mostAhead;
            }
        }
    }

    /// <summary>Stores under way now.</summary>
    public int Storing => Volatile.Read(ref _storing);

    public IReadOnlyList<SqlBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Every stored row's key column value, in storing order.</summary>
    public IReadOnlyList<string> Keys(string column = "id") =>
        Batches.SelectMany(b => b.Records).Select(r => r.Fields[column]!).ToList();

    public Task<string?> LoadWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_watermarks.GetValueOrDefault(source));
        }
    }

    public Task<IReadOnlyCollection<string>> LoadStoredKeysAsync(string source, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyCollection<string> keys = _batches.Where(b => b.Source == source)
                .SelectMany(b => b.Records)
                .Select(r => SqlRowReference.KeyOf(source, r.Reference)!)
                .Where(k => !_deleted.Contains(k))
                .ToHashSet();
            return Task.FromResult(keys);
        }
    }

    public Task<int> DeleteAsync(string source, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(keys.Count(_deleted.Add));
        }
    }

    public PreparedSqlBatch Prepare(SqlBatch batch)
    {
        int prepared;
        lock (_gate)
        {
            prepared = ++_prepared;
            _mostAhead = Math.Max(_mostAhead, _prepared - _stored);
        }

        OnPrepare?.Invoke(prepared);
        return new PreparedSqlBatch(batch, null);
    }

    public async Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _storing);
        try
        {
            if (BeforeStore is { } hook)
            {
                await hook(batch, cancellationToken);
            }

            lock (_gate)
            {
                _batches.Add(batch);
                _watermarks[batch.Source] = batch.Watermark;
                _stored++;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _storing);
        }
    }
}
