using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The soak of the full telemetry adapter.</summary>
internal static partial class MqttBenchmark
{
    /// <summary>
    /// Steady QoS 1 load on the full telemetry adapter in a real <c>hub run</c> with a fresh SQLite store, for
    /// <see cref="BenchSettings.MqttSoakSeconds"/> at <see cref="BenchSettings.MqttSoakRate"/> messages/s, each a new
    /// reading (a row of history); the hub's resident memory (VmRSS, and its anonymous and file-backed parts), the
    /// readings stored and the database's size sampled every 10 s. At the end, every published message must have been stored.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AdapterSoakAsync(BenchSettings settings, Mosquitto broker, string folder, CancellationToken cancellationToken)
    {
        const string ClientId = "bench-hub-soak";
        var i = CultureInfo.InvariantCulture;
        var seconds = settings.MqttSoakSeconds;
        var data = Path.Combine(folder, "hub-soak");
        Directory.CreateDirectory(data);
        Console.Error.WriteLine($"[mqtt] soak: {seconds} s of QoS 1 load at {settings.MqttSoakRate:N0}/s on the full adapter");
        await using var server = await HubServer.StartAsync(settings.HubExecutable, HubSettings(settings, broker, ClientId, data, 1), Path.Combine(folder, "hub-soak.log"), cancellationToken)
            .ConfigureAwait(false);
        await broker.WaitForSubscriptionAsync(ClientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(5) };

        var start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "soak-publish.js"), broker.Port.ToString(CultureInfo.InvariantCulture),
            TelemetryPayloads.Topic, settings.MqttSoakRate.ToString(i), seconds.ToString(i), PublisherInflight.ToString(i));
        start.Environment["NODE_PATH"] = settings.NodeModules;
        var samples = new List<(double Seconds, double ResidentMiB)>();
        var stored = new List<long>();
        var databaseMiB = new List<double>();
        var anonymousMiB = new List<double>();
        var fileMiB = new List<double>();
        var heapMiB = new List<double>();
        var storeCacheMiB = new List<double>();
        var pid = server.ProcessId.ToString(CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        await using var publisher = BackgroundProcess.Start(start);
        using (var timer = new PeriodicTimer(SampleEvery))
        {
            while (!publisher.HasExited && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var counts = await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false);
                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, server.ResidentMiB()));
                stored.Add(counts.ReadingsStored);
                databaseMiB.Add(FolderMiB(data));
                anonymousMiB.Add(PeakMemory.OfProcessMiB(pid, "RssAnon:"));
                fileMiB.Add(PeakMemory.OfProcessMiB(pid, "RssFile:"));
                var (heap, cache) = await ReadMemoryAsync(http, cancellationToken).ConfigureAwait(false);
                heapMiB.Add(heap);
                storeCacheMiB.Add(cache);
                Console.Error.WriteLine(string.Create(i, $"[mqtt] soak {samples[^1].Seconds:0} s: hub RSS {samples[^1].ResidentMiB:0.0} MiB, {counts.ReadingsStored:N0} stored, database {databaseMiB[^1]:0} MiB"));
            }
        }

        var complete = await publisher.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false) && publisher.ExitCode == 0;
        var measured = publisher.Lines().Select(TaskMeasurement.TryParse).LastOrDefault(m => m is not null);
        long published = measured?.Rows ?? 0;

        // QoS 1 is acknowledged only after the store: once the publisher has every PUBACK, everything is stored.
        var final = await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false);
        var peak = server.PeakMiB();
        var lines = MemoryTable(
            string.Create(i, $"#### Soak: full telemetry adapter (`hub run`, SQLite store), QoS 1, {seconds} s at {settings.MqttSoakRate:N0} messages/s ({published:N0} published and acknowledged in {measured?.Seconds ?? double.NaN:0} s)"),
            samples, peak);
        lines.Insert(5, "| readings stored, thousands | " + string.Join(" | ", stored.Select(s => (s / 1000.0).ToString("0", i))) + " |");
        lines.Insert(6, "| database folder MiB | " + string.Join(" | ", databaseMiB.Select(m => m.ToString("0", i))) + " |");

        // RSS = anonymous (the process's own heap and stacks) + file-backed (binaries and SQLite's memory-mapped
        // database, which is page cache the kernel takes back under pressure).
        lines.Insert(7, "| of which anonymous MiB | " + string.Join(" | ", anonymousMiB.Select(m => m.ToString("0.0", i))) + " |");
        lines.Insert(8, "| of which file-backed MiB | " + string.Join(" | ", fileMiB.Select(m => m.ToString("0.0", i))) + " |");
        lines.Insert(9, "| .NET heap MiB (/health) | " + string.Join(" | ", heapMiB.Select(m => m.ToString("0.0", i))) + " |");
        lines.Insert(10, "| SQLite allocations MiB (/health) | " + string.Join(" | ", storeCacheMiB.Select(m => m.ToString("0.0", i))) + " |");
        lines.Add(string.Create(i,
            $"At the end: messagesIn {final.MessagesIn:N0}, readingsStored {final.ReadingsStored:N0}, deadLetters {final.DeadLetters:N0}, database folder {FolderMiB(data):0} MiB{(complete && final.ReadingsStored >= published ? "" : "; **INCOMPLETE: the publisher failed or not every message was stored**")}."));
        return lines;
    }

    /// <summary>The .NET heap and SQLite's own allocations, as the hub's /health reports them.</summary>
    private static async Task<(double HeapMiB, double StoreCacheMiB)> ReadMemoryAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var health = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        var memory = health.RootElement.GetProperty("memory");
        return (memory.GetProperty("managedHeapMiB").GetDouble(), memory.GetProperty("storeCacheMiB").GetDouble());
    }

    private static double FolderMiB(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / (1024.0 * 1024.0);
}
