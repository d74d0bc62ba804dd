using System.Data;
using System.Data.Common;
using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// Polls one source: reads the rows at or after (stored watermark - overlap) in watermark order, drops those
/// already seen with the same (key, watermark), and hands the rest to the sink in batches, each with the watermark
/// it reaches, so that the rows and the watermark become durable together. A failure (timeout, lost connection,
/// locked table) leaves the stored watermark where the last stored batch put it; the poll is retried with backoff
/// and starts again from there, so no row is skipped. Re-applying a row after a restart is harmless: the store's
/// upserts are idempotent.
/// </summary>
public sealed class SqlSourcePoller : IRunningAdapter
{
    private readonly SqlSourceOptions _source;
    private readonly DbProviderFactory _factory;
    private readonly ISqlBatchSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    // The same entries in the order they were seen (watermark order, but for rows committed late), so that the
    // de-duplication memory is trimmed to the overlap window batch by batch, not only at the end of a long poll.
    private readonly Queue<(string Key, long Watermark)> _seenOrder = new();
    private readonly Lock _gate = new();
    private long? _watermark;
    private AdapterState _state = AdapterState.Starting;
    private DateTimeOffset? _lastSuccessAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private long _rowsRead;
    private long _rowsStored;
    private long _duplicates;
    private long _batches;
    private long _failures;
    private int _failuresInRow;
    private long _rowsDeleted;
    private DateTimeOffset? _keysDueAt;

    public SqlSourcePoller(
        SqlSourceOptions source, DbProviderFactory factory, ISqlBatchSink sink, TimeProvider time, ILogger logger,
        TimeSpan? firstRetryDelay = null)
    {
        _source = source;
        _factory = factory;
        _sink = sink;
        _time = time;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstRetryDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromMinutes(1),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    var ex = args.Outcome.Exception!;
                    lock (_gate)
                    {
                        _state = AdapterState.Retrying;
                        _lastError = Describe(ex);
                        _lastErrorAt = _time.GetUtcNow();
                        _failures++;
                        _failuresInRow++;
                    }

                    SqlPollLog.PollFailed(_logger, ex, _source.Name, Describe(ex), args.RetryDelay, WatermarkText ?? "(none)");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string Name => _source.Name;

    /// <summary>The watermark reached so far, as stored, or null before the first batch.</summary>
    public string? WatermarkText
    {
        get
        {
            lock (_gate)
            {
                return _watermark is { } w ? Watermark.Format(w, _source.WatermarkKind) : null;
            }
        }
    }

    public AdapterStatus GetStatus()
    {
        lock (_gate)
        {
            var counts = new Dictionary<string, long>
            {
                ["rowsRead"] = _rowsRead,
                ["rowsStored"] = _rowsStored,
                ["duplicatesSkipped"] = _duplicates,
                ["batches"] = _batches,
                ["failures"] = _failures,
            };
            if (_source.KeysQuery is not null)
            {
                counts["rowsDeleted"] = _rowsDeleted;
            }

            if (_watermark is { } w)
            {
                if (_source.WatermarkKind == WatermarkKind.Timestamp)
                {
                    var at = new DateTimeOffset(Math.Max(w, DateTime.UnixEpoch.Ticks), TimeSpan.Zero);
                    counts["watermarkUnixMs"] = at.ToUnixTimeMilliseconds();
                    counts["lagSeconds"] = Math.Max(0, (long)(_time.GetUtcNow() - at).TotalSeconds);
                }
                else
                {
                    counts["watermarkVersion"] = w;
                }
            }

            return new AdapterStatus
            {
                Name = "sql:" + _source.Name,
                State = _state,
                LastSuccessAt = _lastSuccessAt,
                LastError = _lastError,
                LastErrorAt = _lastErrorAt,
                Counts = counts,
            };
        }
    }

    /// <summary>Polls at the configured interval until cancelled; failures are retried with backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await PollWithRetryAsync(cancellationToken).ConfigureAwait(false);
                if (_source.KeysQuery is not null && (_keysDueAt is null || _time.GetUtcNow() >= _keysDueAt))
                {
                    await CheckKeysAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(_source.Interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _state = AdapterState.Stopped;
            }
        }
    }

    /// <summary>One poll, retried with backoff until it succeeds; returns the rows stored.</summary>
    public async Task<int> PollWithRetryAsync(CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(PollOnceAsync, cancellationToken).ConfigureAwait(false);

    /// <summary>One poll without retry: reads everything at or after the overlap window, stores it; returns the rows stored.</summary>
    public async ValueTask<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var kind = _source.WatermarkKind;
        if (_watermark is null)
        {
            var stored = await _sink.LoadWatermarkAsync(_source.Name, cancellationToken).ConfigureAwait(false);
            long start = stored is not null ? Watermark.Parse(stored, kind, $"The stored watermark of {_source.Name}")
                : _source.Start is { } s ? Watermark.Parse(s, kind, $"Hub:Sql:Sources ({_source.Name}) Start")
                : kind == WatermarkKind.Timestamp ? 0 : long.MinValue;
            lock (_gate)
            {
                _watermark = start;
            }

            SqlPollLog.Started(_logger, _source.Name, _source.Provider, stored ?? "(none: first poll)");
        }

        var from = Watermark.Lower(_watermark.Value, _source.Overlap, kind);
        var storedRows = 0;
        await using var connection = _factory.CreateConnection()
            ?? throw new InvalidOperationException($"The provider '{_source.Provider}' made no connection.");
        connection.ConnectionString = _source.ConnectionString;
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = _source.Query;
        command.CommandTimeout = Math.Max(1, (int)_source.CommandTimeout.TotalSeconds);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@watermark";
        parameter.Value = Watermark.ToParameter(from, kind);
        command.Parameters.Add(parameter);

        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken).ConfigureAwait(false);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var keyOrdinal = Ordinal(names, _source.KeyColumn, "KeyColumn");
        var watermarkOrdinal = Ordinal(names, _source.WatermarkColumn, "WatermarkColumn");
        var pending = new List<(SourceRecord Record, string Key, long Watermark)>(Math.Min(_source.BatchSize, 10_000));
        var reached = _watermark.Value;
        var read = 0L;
        var duplicates = 0L;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            var key = SqlValueText.Of(reader.GetValue(keyOrdinal))
                ?? throw new InvalidDataException($"{_source.Name}: a row has no value in the key column {_source.KeyColumn}.");
            var raw = reader.GetValue(watermarkOrdinal);
            if (raw is DBNull)
            {
                throw new InvalidDataException($"{_source.Name}: row {key} has no value in the watermark column {_source.WatermarkColumn}.");
            }

            var value = Watermark.FromColumn(raw, kind, _source.WatermarkColumn);
            if (_seen.TryGetValue(key, out var seenAt) && seenAt == value)
            {
                duplicates++;
                continue;
            }

            var fields = new Dictionary<string, string?>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                fields[names[i]] = SqlValueText.Of(reader.GetValue(i));
            }

            var text = Watermark.Format(value, kind);
            var receivedAt = kind == WatermarkKind.Timestamp && value >= DateTime.UnixEpoch.Ticks
                ? new DateTimeOffset(value, TimeSpan.Zero)
                : _time.GetUtcNow();
            pending.Add((new SourceRecord(_source.Name, SqlRowReference.Format(_source.Name, key, text), fields, receivedAt), key, value));
            reached = Math.Max(reached, value);
            if (pending.Count >= _source.BatchSize)
            {
                storedRows += await FlushAsync(pending, reached, read, duplicates, cancellationToken).ConfigureAwait(false);
                read = 0;
                duplicates = 0;
            }
        }

        storedRows += await FlushAsync(pending, reached, read, duplicates, cancellationToken).ConfigureAwait(false);

        lock (_gate)
        {
            if (_failuresInRow > 0)
            {
                SqlPollLog.Recovered(_logger, _source.Name, _failuresInRow);
            }

            _failuresInRow = 0;
            _state = AdapterState.Running;
            _lastSuccessAt = _time.GetUtcNow();
        }

        return storedRows;
    }

    // Right after a poll, so that the store holds every row up to the watermark; a failed check is tried again a minute later.
    private async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DetectDeletedAsync(cancellationToken).ConfigureAwait(false);
            _keysDueAt = _time.GetUtcNow() + _source.KeysInterval;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _lastError = "deleted-row check failed: " + Describe(ex);
                _lastErrorAt = _time.GetUtcNow();
                _failures++;
            }

            SqlPollLog.KeyCheckFailed(_logger, ex, _source.Name, Describe(ex));
            _keysDueAt = _time.GetUtcNow() + TimeSpan.FromMinutes(1);
        }
    }

    /// <summary>
    /// Compares the keys the source still has (<see cref="SqlSourceOptions.KeysQuery"/>) with those of the rows the
    /// store holds from it, and removes what the missing rows made, unless that would be more than
    /// <see cref="SqlSourceOptions.MaxDeletedShare"/> of them (and more than 10), which is reported instead.
    /// </summary>
    public async Task<SqlDeletionCheck> DetectDeletedAsync(CancellationToken cancellationToken)
    {
        var query = _source.KeysQuery ?? throw new InvalidOperationException($"SQL source {_source.Name} has no KeysQuery.");
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = _factory.CreateConnection()
            ?? throw new InvalidOperationException($"The provider '{_source.Provider}' made no connection."))
        {
            connection.ConnectionString = _source.ConnectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            command.CommandTimeout = Math.Max(1, (int)_source.CommandTimeout.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SqlValueText.Of(reader.GetValue(0)) is { } key)
                {
                    existing.Add(key);
                }
            }
        }

        var stored = await _sink.LoadStoredKeysAsync(_source.Name, cancellationToken).ConfigureAwait(false);
        var gone = stored.Where(k => !existing.Contains(k)).ToList();
        if (gone.Count > 10 && gone.Count > stored.Count * _source.MaxDeletedShare)
        {
            var refused = string.Create(CultureInfo.InvariantCulture,
                $"deleted-row check refused: {gone.Count} of the {stored.Count} stored rows are missing from the KeysQuery's {existing.Count} keys, more than MaxDeletedShare {_source.MaxDeletedShare:0.##}; nothing was removed. Check the KeysQuery, or raise MaxDeletedShare if the rows really were deleted.");
            lock (_gate)
            {
                _lastError = refused;
                _lastErrorAt = _time.GetUtcNow();
            }

            SqlPollLog.DeletionRefused(_logger, _source.Name, gone.Count, stored.Count, existing.Count);
            return new SqlDeletionCheck(existing.Count, stored.Count, gone.Count, 0, refused);
        }

        var deleted = gone.Count == 0 ? 0 : await _sink.DeleteAsync(_source.Name, gone, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _rowsDeleted += deleted;
        }

        if (gone.Count > 0)
        {
            SqlPollLog.RowsDeleted(_logger, _source.Name, gone.Count, deleted);
        }

        return new SqlDeletionCheck(existing.Count, stored.Count, gone.Count, deleted, null);
    }

    private async Task<int> FlushAsync(
        List<(SourceRecord Record, string Key, long Watermark)> pending, long reached, long read, long duplicates,
        CancellationToken cancellationToken)
    {
        var count = pending.Count;
        if (count > 0)
        {
            var text = Watermark.Format(reached, _source.WatermarkKind);
            await _sink.StoreAsync(new SqlBatch(_source.Name, pending.Select(p => p.Record).ToList(), text), cancellationToken)
                .ConfigureAwait(false);
            foreach (var (_, key, value) in pending)
            {
                _seen[key] = value;
                _seenOrder.Enqueue((key, value));
            }

            // Safe mid-poll: rows still to come have watermarks at or above `reached`, so none can need an entry
            // below the window; the next poll starts at the window's lower edge.
            var lower = Watermark.Lower(reached, _source.Overlap, _source.WatermarkKind);
            while (_seenOrder.TryPeek(out var oldest) && oldest.Watermark < lower)
            {
                _seenOrder.Dequeue();
                if (_seen.TryGetValue(oldest.Key, out var latest) && latest == oldest.Watermark)
                {
                    _seen.Remove(oldest.Key);
                }
            }

            pending.Clear();
            SqlPollLog.BatchStored(_logger, _source.Name, count, text);
        }

        lock (_gate)
        {
            _watermark = Math.Max(_watermark ?? long.MinValue, reached);
            _rowsRead += read;
            _duplicates += duplicates;
            _rowsStored += count;
            _batches += count > 0 ? 1 : 0;
        }

        return count;
    }

    private int Ordinal(string[] names, string column, string setting)
    {
        var index = Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new InvalidDataException(
                $"SQL source {_source.Name}: {setting} '{column}' is not a column of the query's result (columns: {string.Join(", ", names)}).");
    }

    private static string Describe(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += " <- " + inner.Message;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name}: {message}");
    }
}
