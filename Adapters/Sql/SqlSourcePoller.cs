using System.Data;
using System.Data.Common;
using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Abstractions.Scheduling;
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
/// <para>
/// Reading and storing overlap (issue 17, "Benchmarks"): while one batch is being stored, the next is read and
/// prepared (mapped) by the sink, at most one more waits between them, and batches are stored strictly in order, so
/// the stored watermark is always that of a batch whose rows, and all rows before, are stored.
/// </para>
/// </summary>
public sealed partial class SqlSourcePoller : IRunningAdapter
{
    private readonly SqlSourceOptions _source;
    private readonly DbProviderFactory _factory;
    private readonly ISqlBatchSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly PollCadence _cadence;

    // Rows already stored in the overlap window; read and changed by the reading side only (see SqlSeenWindow).
    private readonly SqlSeenWindow _window = new();
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
        TimeSpan? firstRetryDelay = null, IScheduleLog? scheduleLog = null)
    {
        _source = source;
        // The work's name is its lease's (issue 18): one record per source, whichever node polls it.
        _cadence = PollCadence.Of(
            source.Interval ?? SqlSourceOptions.DefaultInterval, source.Schedule, source.ScheduleTimeZone, scheduleLog, "sql:" + source.Name, time);
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
                    // A rowversion as the number SQL Server's CAST(rv AS bigint) shows (rowversions stay far below 2^63).
                    counts["watermarkVersion"] = _source.WatermarkKind == WatermarkKind.RowVersion ? unchecked((long)RowVersion.ToNumber(w)) : w;
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

    /// <summary>
    /// Polls at the configured interval until cancelled; failures are retried with backoff. Every run starts from the
    /// stored watermark, not from the one this instance reached before.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A run may be a restart of this poller: the hub runs it as leased work (issue 18 item 1), stops it when the
        // lease goes to another node and runs it again when the lease comes back. Meanwhile the other node may have
        // advanced the stored watermark, so the first poll reads it again (PollOnceAsync loads it when none is known):
        // from the old one this node would read the other node's rows a second time. The window of rows seen stays:
        // what it holds is stored, whichever node stored it, and it is trimmed to the new watermark's overlap.
        lock (_gate)
        {
            _watermark = null;
        }

        try
        {
            var due = await FirstDueAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await _cadence.WaitAsync(due, cancellationToken).ConfigureAwait(false);
                var startedAt = _time.GetUtcNow();
                await PollWithRetryAsync(cancellationToken).ConfigureAwait(false);
                await RecordRunAsync(startedAt, cancellationToken).ConfigureAwait(false);
                if (_source.KeysQuery is not null && (_keysDueAt is null || _time.GetUtcNow() >= _keysDueAt))
                {
                    await CheckKeysAsync(cancellationToken).ConfigureAwait(false);
                }

                due = _cadence.NextDue();
                if (_cadence.Schedule is { } schedule)
                {
                    SqlPollLog.NextOccurrence(_logger, _source.Name, due.At, schedule.ToString());
                }
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
