using System.Globalization;
using System.Text;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// The messages of the mqtt benchmark: one JSON document a line, about 150 bytes, one reading each in the shape of
/// the device simulator (deploy/DeviceSimulator/SimulatedMachine.cs) and of deploy/demo/mappings/telemetry.yaml.
/// </summary>
internal static class TelemetryPayloads
{
    /// <summary>The one topic published to; the subscription template plant/{customer}/{asset}/telemetry names C001's first machine.</summary>
    public const string Topic = "plant/C001/EQ-C001-01/telemetry";

    /// <summary>What every subscriber of the benchmark subscribes to (the adapter's template as a filter).</summary>
    public const string Filter = "plant/+/+/telemetry";

    /// <summary>Writes <paramref name="count"/> messages to <paramref name="path"/>; returns their mean size in bytes.</summary>
    public static async Task<double> WriteAsync(string path, int count, CancellationToken cancellationToken, int day = 22)
    {
        var start = new DateTimeOffset(2026, 11, day, 8, 0, 0, TimeSpan.Zero);
        var random = new Random(3);
        long bytes = 0;
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
        {
            // Distinct timestamps, so that every reading is a row of history and not an overwrite of the last one.
            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""{"site":"suzhou-1","ts":"{{start.AddMilliseconds(i * 10).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","seq":{{i}},"readings":[{"metric":"temperature","value":{{60 + (random.NextDouble() * 30):0.0}},"unit":"°C","quality":"Good"}]}""");
            bytes += Encoding.UTF8.GetByteCount(line);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return count == 0 ? 0 : bytes / (double)count;
    }

    /// <summary>
    /// Writes <paramref name="count"/> messages for <paramref name="machines"/> machines of customer C001 in turn, each line
    /// "&lt;topic&gt; &lt;payload&gt;" (bench/mqtt/publish.js with the topic "-"): the nodes benchmark's readings, spread over
    /// machines as a plant's are, so that a shared subscription and a rules stage partitioned by machine both see many.
    /// </summary>
    public static async Task WriteMachinesAsync(string path, int count, int machines, CancellationToken cancellationToken, int day = 22)
    {
        var start = new DateTimeOffset(2026, 11, day, 8, 0, 0, TimeSpan.Zero);
        var random = new Random(5);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
        {
            // Each machine's readings 10 ms apart in its own sequence: distinct timestamps, in order per machine.
            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""plant/C001/EQ-N{{i % machines:0000}}/telemetry {"site":"suzhou-1","ts":"{{start.AddMilliseconds(i / machines * 10).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","seq":{{i}},"readings":[{"metric":"temperature","value":{{60 + (random.NextDouble() * 30):0.0}},"unit":"°C","quality":"Good"}]}""");
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }
}
