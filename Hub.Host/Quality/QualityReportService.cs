using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Quality;

/// <summary>
/// Mails the data-quality report at each occurrence of <c>Hub:Quality:Report:Schedule</c> (issue 21 item 4). It runs as
/// leased work <c>quality-report</c>, on one node at a time, and queues the report in the outbox with an event key made
/// of the occurrence, so that the same occurrence is queued once whatever happens (a node that dies between queueing and
/// recording, two nodes during a lease hand-over): the outbox refuses a second message with the same key, and sends the
/// first exactly once (a Message-ID per outbox record).
/// </summary>
/// <remarks>
/// Missed occurrences: an occurrence that passed while no node ran this (the hub was down, or starting) is sent once when
/// one starts it, however many passed; the first start of all only notes the time, and sends at the next occurrence.
/// </remarks>
internal sealed class QualityReportService : BackgroundService
{
    /// <summary>The work's name: its lease's and its schedule record's.</summary>
    public const string Work = "quality-report";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);
    private readonly QualityReportSchedule _report;
    private readonly QualityThresholds _thresholds;
    private readonly PollCadence _cadence;
    private readonly IHubStore _store;
    private readonly IRulesStore _rules;
    private readonly WorkSignal _enqueued;
    private readonly TimeProvider _time;
    private readonly ILogger<QualityReportService> _logger;

    public QualityReportService(
        HubOptions options, IScheduleLog log, IHubStore store, IRulesStore rules,
        [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued, TimeProvider time, ILogger<QualityReportService> logger)
    {
        _thresholds = options.Quality;
        _report = options.Quality.Report;
        // Checked at start (QualityOptionsValidator): an invalid schedule here is a bug, and throws.
        _cadence = PollCadence.Of(TimeSpan.Zero, _report.Schedule ?? "", _report.ScheduleTimeZone, log, Work, time);
        _store = store;
        _rules = rules;
        _enqueued = enqueued;
        _time = time;
        _logger = logger;
    }

    private CronSchedule Schedule => _cadence.Schedule ?? throw new InvalidOperationException("Hub:Quality:Report:Schedule is not set.");

    /// <summary>
    /// Queues the report of <paramref name="occurrence"/> in the outbox; false when it was queued already (by this node
    /// before a restart, or by another).
    /// </summary>
    public async Task<bool> QueueAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var metrics = await QualityReportBuilder.BuildAsync(_store, _thresholds, cancellationToken).ConfigureAwait(false);
        var local = TimeZoneInfo.ConvertTime(occurrence, Schedule.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var red = metrics.Count(m => m.Rating == QualityRating.Red);
        var yellow = metrics.Count(m => m.Rating == QualityRating.Yellow);
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Data-quality report of the customer master and orders, {local} ({Schedule.Zone.Id}).").AppendLine()
            .AppendLine("数据质量报告：客户主数据与订单。")
            .AppendLine();
        foreach (var metric in metrics)
        {
            body.AppendLine(QualityReportBuilder.Line(metric));
        }

        body.AppendLine().AppendLine("The same report as 'hub quality report' (add --csv FILE for a spreadsheet); thresholds in Hub:Quality.");
        var now = _time.GetUtcNow();
        var channel = _report.Channel ?? throw new InvalidOperationException("Hub:Quality:Report:Channel is not set.");
        var message = new OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            EventKey = string.Create(CultureInfo.InvariantCulture, $"{Work}/{occurrence.UtcDateTime:yyyy-MM-ddTHH:mm}Z/{Audiences.It}/{channel}"),
            Channel = channel,
            Audience = Audiences.It,
            Subject = string.Create(CultureInfo.InvariantCulture, $"Data-quality report {local}: {red} red, {yellow} yellow / 数据质量报告"),
            Body = body.ToString(),
            Recipients = _report.Recipients,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        await using var work = await _rules.BeginAsync(cancellationToken).ConfigureAwait(false);
        var queued = await work.EnqueueAsync(message, cancellationToken).ConfigureAwait(false);
        // Fenced by the lease (LeaseFence.Current is this work's): a node that lost it without noticing queues nothing.
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            _enqueued.Pulse();
        }

        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var due = await FirstDueAsync(stoppingToken).ConfigureAwait(false);
            while (true)
            {
                await _cadence.WaitAsync(due, stoppingToken).ConfigureAwait(false);
                var occurrence = due.Missed ?? due.At;
                var startedAt = _time.GetUtcNow();
                var outcome = await QueueWithRetryAsync(occurrence, stoppingToken).ConfigureAwait(false) ? "queued" : "already queued";
                await _cadence.RecordAsync(startedAt, stoppingToken).ConfigureAwait(false);
                due = _cadence.NextDue();
                QualityReportLog.Done(_logger, occurrence, Schedule.ToString(), outcome, due.At);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or the lease went to another node, which takes over from the record.
        }
    }

    private async Task<PollDue> FirstDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var due = await _cadence.FirstDueAsync(cancellationToken).ConfigureAwait(false);
                if (due.Reason != PollDueReason.NeverRun)
                {
                    return due;
                }

                // The first start of all: a report now would be a surprise; note the time, so that an occurrence
                // missed from here on is made up.
                await _cadence.RecordAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return _cadence.NextDue();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                QualityReportLog.Failed(_logger, ex, _time.GetUtcNow(), ex.Message);
                await Task.Delay(RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> QueueWithRetryAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await QueueAsync(occurrence, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A store that is down, or a stale lease (then this work is stopped and the cancellation ends the wait).
                QualityReportLog.Failed(_logger, ex, occurrence, ex.Message);
                await Task.Delay(RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
