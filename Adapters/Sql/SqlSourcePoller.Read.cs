using System.Data;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Sql;

/// <summary>One poll: the reading side (query, de-duplication, records, the sink's preparation) and how it meets the storing side.</summary>
public sealed partial class SqlSourcePoller
{
    /// <summary>One poll without retry: reads everything at or after the overlap window, stores it; returns the rows stored.</summary>
    public async ValueTask<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var kind = _source.WatermarkKind;
        if (_watermark is null)
        {
            var stored = await _sink.LoadWatermarkAsync(_source.Name, cancellationToken).ConfigureAwait(false);
            long start = stored is not null ? ParseStored(stored)
                : _source.Start is { } s ? Watermark.Parse(s, kind, $"Hub:Sql:Sources ({_source.Name}) Start")
                : kind == WatermarkKind.Timestamp ? 0 : long.MinValue;
            lock (_gate)
            {
                _watermark = start;
            }

            SqlPollLog.Started(_logger, _source.Name, _source.Provider, stored ?? "(none: first poll)");
        }

        var startedAt = _watermark.Value;

        // One batch waits between the sides (bounded: a slow store holds the reader back); the storing side cancels
        // the reading side when a batch fails, so that nothing is read for a batch that cannot follow it.
        var queue = Channel.CreateBounded<SqlPendingBatch>(new BoundedChannelOptions(1)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var committed = new List<SqlCommittedRows>();
        var storedBatches = new StrongBox<int>();
        var storing = StoreInOrderAsync(queue.Reader, committed, storedBatches, reading, cancellationToken);
        var sent = 0;
        Exception? readFailure = null;
        try
        {
            sent = await ReadAsync(startedAt, queue.Writer, reading.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            readFailure = ex;
        }
        finally
        {
            // What is queued is still stored: those rows were read whole and follow the stored ones.
            queue.Writer.TryComplete();
        }

        int storedRows;
        try
        {
            // The storing side's failure, if any, is the cause; the reading side then only saw its cancellation.
            storedRows = await storing.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SqlPollLog.ReadAheadDiscarded(_logger, _source.Name, storedBatches.Value, Math.Max(0, sent - storedBatches.Value), WatermarkText ?? "(none)");
            throw;
        }
        finally
        {
            // Only what was committed joins the window: a batch that failed is read again, not skipped, next time.
            _window.Add(committed, Watermark.Lower(_watermark.Value, _source.Overlap, kind));
        }

        if (readFailure is not null)
        {
            ExceptionDispatchInfo.Throw(readFailure);
        }

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

    // A watermark stored under another WatermarkKind (the setting was changed) is refused, not reset: polling again
    // from Start could read years of rows, polling from a misread value could skip them; the operator chooses.
    private long ParseStored(string stored)
    {
        try
        {
            return Watermark.Parse(stored, _source.WatermarkKind, $"The stored watermark of SQL source {_source.Name}");
        }
        catch (FormatException ex)
        {
            throw new FormatException(
                ex.Message + $" Was WatermarkKind changed? The poller does not convert a stored watermark: set it in the form above, or delete the source's row '{_source.Name}' of the table poll_watermarks to start from Start.",
                ex);
        }
    }

    // Reads the query's rows from the overlap window on, drops those already stored, and queues them in batches as the
    // sink prepared them; returns how many batches it queued.
    private async Task<int> ReadAsync(long startedAt, ChannelWriter<SqlPendingBatch> queue, CancellationToken cancellationToken)
    {
        var kind = _source.WatermarkKind;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = _source.Query;
        command.CommandTimeout = Math.Max(1, (int)_source.CommandTimeout.TotalSeconds);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@watermark";
        Watermark.Bind(parameter, Watermark.Lower(startedAt, _source.Overlap, kind), kind);
        command.Parameters.Add(parameter);

        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken).ConfigureAwait(false);
        var columns = new SqlColumnNames(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray());
        var keyOrdinal = Ordinal(columns.Names, _source.KeyColumn, "KeyColumn");
        var watermarkOrdinal = Ordinal(columns.Names, _source.WatermarkColumn, "WatermarkColumn");
        var watermarkWhat = $"SQL source {_source.Name}: the watermark column {_source.WatermarkColumn}";
        var capacity = Math.Min(_source.BatchSize, 10_000);
        var records = new List<SourceRecord>(capacity);
        var keys = new List<string>(capacity);
        var watermarks = new List<long>(capacity);
        var reached = startedAt;
        long read = 0, duplicates = 0;
        var sent = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            var key = SqlValueText.Read(reader, keyOrdinal)
                ?? throw new InvalidDataException($"{_source.Name}: a row has no value in the key column {_source.KeyColumn}.");
            if (reader.IsDBNull(watermarkOrdinal))
            {
                throw new InvalidDataException($"{_source.Name}: row {key} has no value in the watermark column {_source.WatermarkColumn}.");
            }

            var value = Watermark.Read(reader, watermarkOrdinal, kind, watermarkWhat);
            if (_window.Contains(key, value))
            {
                duplicates++;
                continue;
            }

            var values = new string?[columns.Names.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = i == keyOrdinal ? key : SqlValueText.Read(reader, i);
            }

            var receivedAt = kind == WatermarkKind.Timestamp && value >= DateTime.UnixEpoch.Ticks
                ? new DateTimeOffset(value, TimeSpan.Zero)
                : _time.GetUtcNow();
            records.Add(new SourceRecord(
                _source.Name, SqlRowReference.Format(_source.Name, key, Watermark.Format(value, kind)), new SqlRowFields(columns, values), receivedAt));
            keys.Add(key);
            watermarks.Add(value);
            reached = Math.Max(reached, value);
            if (records.Count >= _source.BatchSize)
            {
                await QueueAsync(queue, records, keys, watermarks, reached, read, duplicates, cancellationToken).ConfigureAwait(false);
                sent++;
                records = new List<SourceRecord>(capacity);
                read = 0;
                duplicates = 0;
            }
        }

        if (records.Count > 0 || read > 0)
        {
            await QueueAsync(queue, records, keys, watermarks, reached, read, duplicates, cancellationToken).ConfigureAwait(false);
            sent++;
        }

        return sent;
    }

    private async Task QueueAsync(
        ChannelWriter<SqlPendingBatch> queue, List<SourceRecord> records, List<string> keys, List<long> watermarks, long reached,
        long read, long duplicates, CancellationToken cancellationToken)
    {
        // The sink's preparation (the hub's mapping) runs here, on the reading side, while the batch before is stored.
        var prepared = records.Count > 0 ? _sink.Prepare(new SqlBatch(_source.Name, records, Watermark.Format(reached, _source.WatermarkKind))) : null;
        var rows = new SqlCommittedRows([.. keys], [.. watermarks], reached);
        keys.Clear();
        watermarks.Clear();
        await queue.WriteAsync(new SqlPendingBatch(prepared, rows, reached, read, duplicates), cancellationToken).ConfigureAwait(false);
    }
}
