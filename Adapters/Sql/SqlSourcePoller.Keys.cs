using System.Data;
using System.Globalization;

namespace IntegrationHub.Adapters.Sql;

/// <summary>The deleted-row check: the keys the source still has against the rows the store holds from it.</summary>
public sealed partial class SqlSourcePoller
{
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
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
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
}
