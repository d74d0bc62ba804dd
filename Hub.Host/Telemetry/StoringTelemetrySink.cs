using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>
/// Where the MQTT telemetry adapter's readings go: mapped, then stored (latest value per metric and history) with
/// the dead letters of readings that failed mapping, in one transaction, before the message is acknowledged.
/// </summary>
internal sealed class StoringTelemetrySink(RecordMapper mapper, IHubStore store, TimeProvider time, ILogger<StoringTelemetrySink> logger)
    : ITelemetrySink
{
    public async Task StoreAsync(IReadOnlyList<SourceRecord> readings, CancellationToken cancellationToken)
    {
        var batch = mapper.Map(readings);
        var deadLetters = batch.Failures.Select(f => f.Letter).ToList();
        await store.ApplyAsync(batch.Changes, deadLetters, cancellationToken).ConfigureAwait(false);
        if (deadLetters.Count > 0)
        {
            HubLog.DeadLettered(logger, readings[0].Source, deadLetters.Count, readings[0].Reference);
        }
    }

    public async Task DeadLetterAsync(string source, string topic, ReadOnlyMemory<byte> payload, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var letter = new DeadLetter(Guid.CreateVersion7(now).ToString("N"), source, topic, PayloadText(payload.Span), reason, now);
        await store.ApplyAsync([], [letter], cancellationToken).ConfigureAwait(false);
        HubLog.DeadLettered(logger, source, 1, topic);
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
