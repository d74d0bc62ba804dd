namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>Keeps what the poller stores, and the watermark, as the hub's store would (atomically per batch).</summary>
internal sealed class RecordingSqlSink : ISqlBatchSink
{
    private readonly Lock _gate = new();
    private readonly List<SqlBatch> _batches = [];
    private readonly Dictionary<string, string> _watermarks = [];
    private readonly HashSet<string> _deleted = [];

    /// <summary>Runs before a batch is stored; throwing from it means the batch was not stored.</summary>
    public Func<SqlBatch, Task>? BeforeStore { get; set; }

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

    public async Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken)
    {
        if (BeforeStore is { } hook)
        {
            await hook(batch);
        }

        lock (_gate)
        {
            _batches.Add(batch);
            _watermarks[batch.Source] = batch.Watermark;
        }
    }
}
