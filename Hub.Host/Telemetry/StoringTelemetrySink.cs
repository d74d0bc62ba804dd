using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>
/// Where the MQTT telemetry adapter's readings and the MES adapter's records go: mapped, then stored (latest value
/// per metric and history, work orders) with the dead letters of unreadable messages and of records that failed
/// mapping, in one transaction per batch, before the batch's messages are acknowledged.
/// </summary>
internal sealed class StoringTelemetrySink(
    RecordMapper mapper, ReadingAdmission admission, IHubStore store, TimeProvider time, ILogger<StoringTelemetrySink> logger)
    : ITelemetrySink, IMesRecordSink
{
    public Task StoreAsync(IReadOnlyList<SourceRecord> records, CancellationToken cancellationToken) =>
        StoreAsync(records, [], cancellationToken);

    public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken) =>
        StoreAsync(readings, unreadable, [], cancellationToken);

    /// <summary>
    /// Stores the batch with its QoS 2 receipts in one transaction and marks them stored, so that the client sends
    /// PUBREC without writing them again and a crash after the commit does not handle the messages again (issue 16 item 16).
    /// </summary>
    public async Task<int> StoreAsync(
        IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        // MQTT readings only: the topic's customer must own the machine, and the reading must not come from the
        // future (issue 16 item 19). The MES path above keeps its own source timestamps unchecked.
        var batch = await admission.AdmitAsync(mapper.Map(readings), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var deadLetters = batch.Failures.Select(f => f.Letter)
            .Concat(unreadable.Select(u => DeadLetter.Create(u.Source, u.Topic, PayloadText(u.Payload.Span), u.Reason, now)))
            .ToList();
        await store.ApplyAsync(batch.Changes, deadLetters, receipts, cancellationToken).ConfigureAwait(false);
        foreach (var receipt in receipts)
        {
            receipt.MarkStored();
        }

        if (deadLetters.Count > 0)
        {
            HubLog.DeadLettered(logger, LogText.Escape(deadLetters[0].Source), deadLetters.Count, LogText.Escape(deadLetters[0].Reference));
        }

        return batch.Failures.Count;
    }

    /// <summary>The payload as text when it is UTF-8, else as base64 with a prefix that says so: nothing is lost.</summary>
    private static string PayloadText(ReadOnlySpan<byte> payload)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return "base64:" + Convert.ToBase64String(payload);
        }
    }
}
