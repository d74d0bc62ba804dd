using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace IntegrationHub.Adapters.Sql;

/// <summary>One poll's storing side: the batches in the order they were read, each with its watermark.</summary>
public sealed partial class SqlSourcePoller
{
    // Stores the queued batches one after the other; returns the rows stored. A failure cancels the reading side
    // (nothing after a failed batch may be stored, or the watermark would pass its rows) and is rethrown.
    private async Task<int> StoreInOrderAsync(
        ChannelReader<SqlPendingBatch> queue, List<SqlCommittedRows> committed, StrongBox<int> storedBatches,
        CancellationTokenSource reading, CancellationToken cancellationToken)
    {
        var stored = 0;
        try
        {
            await foreach (var batch in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = 0;
                if (batch.Prepared is { } prepared)
                {
                    await _sink.StorePreparedAsync(prepared, cancellationToken).ConfigureAwait(false);
                    count = prepared.Batch.Records.Count;
                    committed.Add(batch.Rows);
                    SqlPollLog.BatchStored(_logger, _source.Name, count, prepared.Batch.Watermark);
                }

                storedBatches.Value++;
                stored += count;
                lock (_gate)
                {
                    _watermark = Math.Max(_watermark ?? long.MinValue, batch.Reached);
                    _rowsRead += batch.Read;
                    _duplicates += batch.Duplicates;
                    _rowsStored += count;
                    _batches += count > 0 ? 1 : 0;
                }

                // Memory stays bounded on a long poll: rows below the window of what is stored now cannot be read again.
                var lower = Watermark.Lower(batch.Reached, _source.Overlap, _source.WatermarkKind);
                committed.RemoveAll(c => c.Highest < lower);
            }
        }
        catch
        {
            await reading.CancelAsync().ConfigureAwait(false);
            throw;
        }

        return stored;
    }
}
