using System.Buffers;
using System.Text;
using System.Text.Json;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// Turns the change feed into outbox messages for each CRM webhook subscription (issue 23 item 1): every second, the
/// changes of the subscription's kinds after its position, one message per change, in the transaction that moves the
/// position. The outbox then sends them with its retries, dead letters and replay, and keeps each entity's messages in
/// order. Every node may run it: the subscription's position is locked while a pass moves it, and an event key is
/// queued once.
/// </summary>
internal sealed class CrmWebhookPump(
    HubOptions options, ICrmFeedStore feed, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued, ILogger<CrmWebhookPump> logger) : BackgroundService
{
    private const int Take = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One pass over every subscription until each is caught up; returns how many messages were queued.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var (name, webhook) in options.Crm.Webhooks)
        {
            var kinds = webhook.Kinds.Select(k => CrmKinds.Find(k)!).Distinct(StringComparer.Ordinal).ToList();
            int queued;
            do
            {
                queued = await feed.QueueWebhooksAsync(name, kinds, Take, row => Render(name, row), cancellationToken).ConfigureAwait(false);
                total += queued;
            }
            while (queued == Take);
        }

        if (total > 0)
        {
            enqueued.Pulse();
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Crm.Webhooks.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CrmLog.PumpFailed(logger, ex, ex.Message);
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

    /// <summary>
    /// The message of one change: its body is the envelope the receiver gets, <c>{id, subscription, position, kind,
    /// key, orderNo, entity}</c>, with the entity as the store committed it.
    /// </summary>
    private OutboxMessage Render(string subscription, CrmChangeRow row)
    {
        var id = Guid.NewGuid().ToString("N");
        var buffer = new ArrayBufferWriter<byte>(row.Body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(CrmEnvelopeFields.Id, id);
            writer.WriteString(CrmEnvelopeFields.Subscription, subscription);
            writer.WriteNumber(CrmEnvelopeFields.Position, row.Id);
            writer.WriteString(CrmEnvelopeFields.Kind, row.Kind);
            writer.WriteString(CrmEnvelopeFields.Key, row.Key);
            if (row.OrderNo is not null)
            {
                writer.WriteString(CrmEnvelopeFields.OrderNo, row.OrderNo);
            }

            writer.WritePropertyName(CrmEnvelopeFields.Entity);
            writer.WriteRawValue(row.Body);
            writer.WriteEndObject();
        }

        var now = time.GetUtcNow();
        return new OutboxMessage
        {
            Id = id,
            EventKey = $"crm/{subscription}/{row.Id}",
            Channel = CrmWebhookChannel.ChannelName(subscription),
            Audience = Audiences.Crm,
            Subject = $"{row.Kind} {row.Key}",
            Body = Encoding.UTF8.GetString(buffer.WrittenSpan),
            NextAttemptAt = now,
            CreatedAt = now,
        };
    }
}
