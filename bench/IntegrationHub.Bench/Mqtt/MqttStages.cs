using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// Where the telemetry adapter's time goes after the MQTT client, with the hub's own parts called one stage at a time,
/// on one thread, over the benchmark's messages in the adapter's batches of 500: topic template and JSON payload into
/// source records (as <see cref="MqttTelemetryAdapter"/> does), the mapping (<see cref="RecordMapper"/> with the demo
/// telemetry.yaml), and the store (<see cref="IHubStore.ApplyAsync"/> on SQLite). A diagnostic beside the measured
/// rates, not a replacement for them.
/// </summary>
internal static class MqttStages
{
    private const int BatchSize = 500;

    public static async Task<IReadOnlyList<string>> RunAsync(string messagesFile, string dataFolder, string mappingsFolder, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(dataFolder, mappingsFolder, withAdapters: false, cancellationToken).ConfigureAwait(false);
        var mapper = provider.GetRequiredService<RecordMapper>();
        var store = provider.GetRequiredService<IHubStore>();
        var template = TopicTemplate.Parse("plant/{customer}/{asset}/telemetry");
        var reader = new JsonTelemetryReader(ReadingsShape.Array, "readings");
        var payloads = (await File.ReadAllLinesAsync(messagesFile, cancellationToken).ConfigureAwait(false))
            .Where(l => l.Length > 0).Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)).ToArray();
        var receivedAt = TimeProvider.System.GetUtcNow();

        // Read twice; the second pass counts, so that its figure is not JIT compilation.
        List<List<SourceRecord>> batches = [];
        var read = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            read = Time(() => batches = [.. payloads.Chunk(BatchSize).Select(chunk => ReadBatch(chunk, template, reader, receivedAt))]);
        }

        List<IReadOnlyList<CanonicalChange>> mapped = [];
        mapper.Map(batches[0]);
        var map = Time(() => mapped = [.. batches.Select(batch => mapper.Map(batch).Changes)]);
        var started = Stopwatch.GetTimestamp();
        foreach (var changes in mapped)
        {
            await store.ApplyAsync(changes, [], cancellationToken).ConfigureAwait(false);
        }

        var stored = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var i = CultureInfo.InvariantCulture;
        var count = payloads.Length;
        string Row(string step, double seconds) => string.Create(i, $"| {step} | {seconds * 1e6 / count:0.0} | {count / seconds:N0} |");
        return
        [
            string.Create(i, $"Where the adapter's time goes after the client (one thread, {count:N0} messages of one reading, batches of {BatchSize}; `bench task mqtt-stages`):"),
            "",
            "| step | µs/message | messages/s |",
            "|---|---:|---:|",
            Row("topic template + JSON payload into source records (TopicTemplate, JsonTelemetryReader)", read),
            Row("mapping (RecordMapper.Map, demo telemetry.yaml)", map),
            Row("store (SqliteHubStore.ApplyAsync: latest state + history, one transaction per batch, SQLite)", stored),
            Row("all three", read + map + stored),
        ];
    }

    private static List<SourceRecord> ReadBatch(ReadOnlyMemory<byte>[] payloads, TopicTemplate template, JsonTelemetryReader reader, DateTimeOffset receivedAt)
    {
        var records = new List<SourceRecord>(payloads.Length);
        foreach (var payload in payloads)
        {
            var topicFields = new Dictionary<string, string?>(StringComparer.Ordinal);
            template.TryMatch(TelemetryPayloads.Topic, topicFields);
            foreach (var fields in reader.Read(payload))
            {
                foreach (var (key, value) in topicFields)
                {
                    fields[key] = value;
                }

                fields["topic"] = TelemetryPayloads.Topic;
                records.Add(new SourceRecord("plant-telemetry", TelemetryPayloads.Topic, fields, receivedAt));
            }
        }

        return records;
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
