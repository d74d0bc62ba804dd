using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// Detects order milestones (issue 23 item 2) from committed changes: every second, the orders and shipments the CRM
/// change feed logged after the detection's durable position (so a restart resumes, and every write path counts,
/// whichever node made it), each touched order's stored state checked for milestones not recorded yet, and those
/// recorded with their messages in the transaction that moves the position. Every node may run it; a pass that finds
/// the position moved by another node writes nothing and reads again.
/// </summary>
internal sealed class MilestonePump(
    IMilestoneStore milestones, ICrmFeedStore feed, IHubStore store, NotificationPlanner planner, MilestoneChannels channels,
    HubNotifications notifications, HubOptions options, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued, ILogger<MilestonePump> logger) : BackgroundService
{
    private const int Take = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly string[] Kinds = [nameof(EntityKind.SalesOrder), nameof(EntityKind.Shipment)];
    private readonly TimeZoneInfo _zone = NotificationPlanner.FindZone(options.Notifications.TimeZone);

    /// <summary>Passes until the detection has caught up with the feed; returns how many milestones were recorded.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var cursor = await milestones.GetCursorAsync(cancellationToken).ConfigureAwait(false);
            var page = await feed.ReadAsync(cursor.LastId, Kinds, Take, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(page.Epoch, cursor.Epoch, StringComparison.Ordinal))
            {
                // Another feed (a restored backup, or a copy): its ids mean other changes. Its changes are read from its
                // start; the record of milestones told keeps anybody from being told twice.
                if (await milestones.RecordAsync(cursor, new MilestoneCursor(page.Epoch, 0), [], cancellationToken).ConfigureAwait(false) is not null)
                {
                    MilestoneLog.NewFeed(logger, cursor.Epoch, page.Epoch, 0);
                }

                continue;
            }

            var to = page.Rows.Count == Take ? page.Rows[^1].Id : page.LastId;
            if (to <= cursor.LastId)
            {
                return total;
            }

            var records = await DetectAsync(page.Rows.Select(r => r.OrderNo).OfType<string>().Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
            var recorded = await milestones.RecordAsync(cursor, cursor with { LastId = to }, records, cancellationToken).ConfigureAwait(false);
            if (recorded is null)
            {
                continue;
            }

            total += recorded.Value;
            if (recorded > 0)
            {
                var messages = records.Sum(r => r.Messages.Count);
                MilestoneLog.Recorded(logger, recorded.Value, cursor.LastId, to, messages);
                if (messages > 0)
                {
                    enqueued.Pulse();
                }
            }

            if (page.Rows.Count < Take)
            {
                return total;
            }
        }
    }

    /// <summary>The milestones of these orders not recorded yet, each with the messages that tell of it.</summary>
    private async Task<List<MilestoneRecord>> DetectAsync(IReadOnlyList<string> orderNos, CancellationToken cancellationToken)
    {
        var records = new List<MilestoneRecord>();
        if (orderNos.Count == 0)
        {
            return records;
        }

        var recorded = await milestones.RecordedAsync(orderNos, cancellationToken).ConfigureAwait(false);
        var snapshots = await store.GetOrderSnapshotsAsync(orderNos, cancellationToken).ConfigureAwait(false);
        var customers = new Dictionary<string, (Customer? Customer, MilestonePreferences Preferences)>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var snapshot in snapshots)
        {
            foreach (var milestone in MilestoneDetector.Detect(snapshot, _zone))
            {
                var record = new MilestoneRecord(milestone, now, []);
                if (recorded.Contains(record.Key))
                {
                    continue;
                }

                if (!customers.TryGetValue(milestone.CustomerCode, out var known))
                {
                    var customer = await store.GetCustomerAsync(milestone.CustomerCode, cancellationToken).ConfigureAwait(false);
                    var preferences = customer is null ? null : await milestones.GetPreferencesAsync(customer.Code, cancellationToken).ConfigureAwait(false);
                    customers[milestone.CustomerCode] = known = (customer, preferences ?? MilestonePreferences.Default(milestone.CustomerCode));
                }

                if (known.Customer is null)
                {
                    MilestoneLog.UnknownCustomer(logger, milestone.CustomerCode);
                    records.Add(record);
                    continue;
                }

                // A milestone the customer opted out of still reaches the sales owner; the customer is not told.
                var channel = known.Preferences.Wants(milestone.Kind) ? channels.Resolve(known.Customer, known.Preferences) : null;
                records.Add(record with { Messages = planner.PlanMilestone(milestone, known.Customer, channel) });
            }
        }

        return records;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WarnOfMissingTemplates();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MilestoneLog.PassFailed(logger, ex, ex.Message);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Milestone templates are not required at start, unlike tickets': a site upgraded from before issue 23 has none,
    // and must start as before. An audience with a channel but no template is told so, once.
    private void WarnOfMissingTemplates()
    {
        if (notifications.Templates is not { } templates)
        {
            return;
        }

        foreach (var kind in Enum.GetValues<MilestoneKind>())
        {
            var eventName = MilestoneEvents.EventOf(kind);
            foreach (var audience in MilestoneEvents.AudiencesReached)
            {
                var target = HubNotifications.Audience(options.Notifications, audience);
                var language = audience == Audiences.Customer ? NotificationTemplates.FallbackLanguage : target.Language;
                if (target.Channel is { Length: > 0 } && !templates.Has(eventName, audience, language))
                {
                    MilestoneLog.TemplateMissing(logger, eventName, audience);
                }
            }
        }
    }
}
