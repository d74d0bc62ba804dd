using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The retention soak (issue 17 item 6).</summary>
internal static partial class MqttBenchmark
{
    /// <summary>Samples taken after the publisher has exited (the hub idle), judged apart from the running ones.</summary>
    private const int AfterStreamSamples = 6;

    /// <summary>Readings per variant and round of <see cref="SqliteSettingsCost"/>.</summary>
    private const int SettingsCostReadings = 200_000;

    /// <summary>The retention soak on each store <c>--store</c> names (SQLite unless told), one after the other.</summary>
    public static async Task<IReadOnlyList<string>> RetentionSoaksAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var kinds = BenchStore.Kinds(settings.Store, "sqlite");
        await using var postgres = kinds.Contains("postgresql") ? await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false) : null;
        var lines = new List<string>();
        foreach (var kind in kinds)
        {
            var store = kind == "postgresql"
                ? await postgres!.NewStoreAsync("retention", cancellationToken).ConfigureAwait(false)
                : BenchStore.Sqlite;
            if (lines.Count > 0)
            {
                lines.Add("");
            }

            if (!store.IsPostgreSql)
            {
                // Issue 17: what bounding the SQLite connections' memory costs, in this run, before the soak.
                lines.AddRange(await SqliteSettingsCost.RunAsync(settings.WorkFolder, SettingsCostReadings, cancellationToken).ConfigureAwait(false));
            }

            lines.AddRange(await RetentionSoakAsync(settings, store, cancellationToken).ConfigureAwait(false));
            if (postgres is not null && store.IsPostgreSql)
            {
                lines.Add("PostgreSQL: " + await postgres.DescribeAsync(cancellationToken).ConfigureAwait(false) + ".");
            }
        }

        return lines;
    }

    /// <summary>
    /// Steady QoS 1 load (<see cref="BenchSettings.MqttSoakRate"/> readings/s, stamped with the wall clock) on the full
    /// telemetry adapter in a real <c>hub run</c> on <paramref name="store"/> with <c>Hub:Telemetry:RawRetention</c> of
    /// <see cref="BenchSettings.RetentionRawSeconds"/> and a retention pass every 10 s, for
    /// <see cref="BenchSettings.RetentionSoakSeconds"/>; every 10 s the database's size (SQLite: its files; PostgreSQL:
    /// pg_database_size, with the raw history's and the rollup queue's tables), the hub's RSS and what <c>/health</c>
    /// says of the store and the retention service. Flat means: after the first 3 minutes, the largest sample within
    /// 10 % of the smallest.
    /// </summary>
    private static async Task<IReadOnlyList<string>> RetentionSoakAsync(BenchSettings settings, BenchStore store, CancellationToken cancellationToken)
    {
        var clientId = "bench-hub-retention" + (store.IsPostgreSql ? "-pg" : "");
        var i = CultureInfo.InvariantCulture;
        var seconds = settings.RetentionSoakSeconds;
        var folder = Path.Combine(settings.WorkFolder, "retention-" + store.Name.ToLowerInvariant());
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var data = Path.Combine(folder, "hub");
        Directory.CreateDirectory(data);
        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[retention] {store.Name}: {seconds} s at {settings.MqttSoakRate:N0} readings/s, raw retention {settings.RetentionRawSeconds} s");
        string[] hubSettings =
        [
            .. HubSettings(settings, broker, clientId, data, 1),
            "--Hub:Telemetry:RawRetention=" + TimeSpan.FromSeconds(settings.RetentionRawSeconds).ToString("c", i),
            "--Hub:Retention:Interval=00:00:10",
            .. store.HubArguments,
        ];
        var loadBefore = Machine.LoadAverage();
        await using var server = await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, "hub.log"), cancellationToken, store.Environment).ConfigureAwait(false);
        await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

        var start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "retention-publish.js"), broker.Port.ToString(i),
            TelemetryPayloads.Topic, settings.MqttSoakRate.ToString(i), seconds.ToString(i), PublisherInflight.ToString(i));
        start.Environment["NODE_PATH"] = settings.NodeModules;
        var samples = new List<RetentionSample>();
        var missed = 0;
        var started = Stopwatch.GetTimestamp();
        await using var publisher = BackgroundProcess.Start(start);
        // A sample is "while the stream runs" only if the publisher was still running after it was taken: the last tick
        // of the old loop came after the publisher's last message, and that sample (the hub idle, its page caches no
        // longer emptied by other connections' writes) was judged with the running ones. The samples after the stream
        // are taken on purpose now (AfterStreamSamples) and judged apart.
        using (var timer = new PeriodicTimer(SampleEvery))
        {
            var after = 0;
            while (after < AfterStreamSamples && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                RetentionSample sample;
                try
                {
                    sample = await RetentionSampleAsync(http, server, store, data, started, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // On a machine shared by other builds /health once took longer than the client's timeout and
                    // the whole soak was lost: a sample missed is counted and said, the soak goes on.
                    missed++;
                    Console.Error.WriteLine($"[retention] {store.Name}: a sample missed ({e.Message}), load {Machine.LoadAverage()}");
                    continue;
                }

                if (publisher.HasExited)
                {
                    after++;
                    sample = sample with { AfterStream = true };
                }

                samples.Add(sample);
            }
        }

        var complete = await publisher.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false) && publisher.ExitCode == 0;
        var measured = publisher.Lines().Select(TaskMeasurement.TryParse).LastOrDefault(m => m is not null);
        var final = await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false);
        var lines = RetentionReport(settings, store, samples, measured?.Rows ?? 0, complete && final.ReadingsStored >= (measured?.Rows ?? long.MaxValue), server.PeakMiB());
        lines.Add(string.Create(i, $"Load average before the hub started: {loadBefore}; at the end: {Machine.LoadAverage()}.{(missed > 0 ? $" Samples missed (/health did not answer within 30 s): {missed}." : "")}"));
        return lines;
    }

    private static async Task<RetentionSample> RetentionSampleAsync(
        HttpClient http, HubServer server, BenchStore store, string data, long started, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var mappings = ProcessMappings.Of(server.ProcessId, data);
        var sample = await SampleAsync(http, Stopwatch.GetElapsedTime(started).TotalSeconds, FolderMiB(data), server.ResidentMiB(), cancellationToken).ConfigureAwait(false);
        var pid = server.ProcessId.ToString(i);
        sample = sample with
        {
            AnonMiB = PeakMemory.OfProcessMiB(pid, "RssAnon:"),
            FileMiB = PeakMemory.OfProcessMiB(pid, "RssFile:"),
            DatabaseMappedMiB = mappings.FolderFilesMiB,
            CodeMappedMiB = mappings.OtherFilesMiB,
            SharedMemoryMiB = mappings.SharedMemoryMiB,
            Connections = mappings.FolderDescriptors,
        };
        if (store.IsPostgreSql)
        {
            var (raw, pending) = await store.TableSizesAsync(cancellationToken).ConfigureAwait(false);
            sample = sample with { RawTableMiB = raw, PendingMiB = pending };
        }

        Console.Error.WriteLine(string.Create(i, $"[retention] {store.Name} {sample.Seconds:0} s{(sample.AfterStream ? " (after the stream)" : "")}: files {sample.FilesMiB:0.0} MiB (db {sample.DatabaseMiB:0.0}, free {sample.FreeMiB:0.0}, raw {sample.RawTableMiB:0.0}), RSS {sample.ResidentMiB:0.0} MiB (anon {sample.AnonMiB:0.0}, file {sample.FileMiB:0.0}: database mapped {sample.DatabaseMappedMiB:0.0}, code {sample.CodeMappedMiB:0.0}, memfd {sample.SharedMemoryMiB:0.0}; GC heap {sample.ManagedHeapMiB:0.0}, GC committed {sample.GcCommittedMiB:0.0}, threads {sample.Threads}, SQLite {sample.StoreCacheMiB:0.0}, open database files {sample.Connections}), oldest reading {sample.OldestAgeSeconds:0} s old, {sample.RawDeleted:N0} deleted, load {Machine.LoadAverage()}"));
        return sample;
    }

    private static async Task<RetentionSample> SampleAsync(HttpClient http, double seconds, double filesMiB, double residentMiB, CancellationToken cancellationToken)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        var store = health.RootElement.GetProperty("store");
        var oldest = store.GetProperty("oldestReading") is { ValueKind: JsonValueKind.String } o ? (DateTimeOffset.UtcNow - o.GetDateTimeOffset()).TotalSeconds : double.NaN;
        var retention = health.RootElement.GetProperty("adapters").EnumerateArray().First(a => a.GetProperty("name").GetString() == "retention").GetProperty("counts");
        var memory = health.RootElement.GetProperty("memory");
        const double MiB = 1024 * 1024;
        return new RetentionSample(
            seconds, filesMiB, store.GetProperty("sizeBytes").GetInt64() / MiB, store.GetProperty("freeBytes").GetInt64() / MiB, residentMiB, oldest,
            retention.GetProperty("rawDeleted").GetInt64())
        {
            ManagedHeapMiB = memory.GetProperty("managedHeapMiB").GetDouble(),
            GcCommittedMiB = memory.GetProperty("gcCommittedMiB").GetDouble(),
            Threads = memory.GetProperty("threads").GetInt32(),
            StoreCacheMiB = memory.GetProperty("storeCacheMiB").GetDouble(),
        };
    }

    private static List<string> RetentionReport(BenchSettings settings, BenchStore store, IReadOnlyList<RetentionSample> samples, long published, bool complete, double peak)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"#### Retention soak: `hub run`, {store.Name}, QoS 1, {settings.RetentionSoakSeconds} s at {settings.MqttSoakRate:N0} readings/s, RawRetention {settings.RetentionRawSeconds} s, a pass every 10 s ({published:N0} published and acknowledged)"),
            "",
            "| seconds | " + string.Join(" | ", samples.Select(s => s.Seconds.ToString("0", i) + (s.AfterStream ? " (after)" : ""))) + " |",
            "|---|" + string.Concat(samples.Select(_ => "---:|")),
            store.IsPostgreSql
                ? "| hub data folder MiB (keys, no store) | " + string.Join(" | ", samples.Select(s => s.FilesMiB.ToString("0.0", i))) + " |"
                : "| data folder MiB | " + string.Join(" | ", samples.Select(s => s.FilesMiB.ToString("0.0", i))) + " |",
            (store.IsPostgreSql ? "| database MiB (/health: pg_database_size) | " : "| database MiB (/health) | ") + string.Join(" | ", samples.Select(s => s.DatabaseMiB.ToString("0.0", i))) + " |",
            .. store.IsPostgreSql
                ? (string[])[
                    "| raw history MiB (partitions + indexes) | " + string.Join(" | ", samples.Select(s => s.RawTableMiB.ToString("0.0", i))) + " |",
                    "| rollup queue MiB | " + string.Join(" | ", samples.Select(s => s.PendingMiB.ToString("0.0", i))) + " |"]
                : ["| of which free MiB | " + string.Join(" | ", samples.Select(s => s.FreeMiB.ToString("0.0", i))) + " |"],
            "| RSS MiB | " + string.Join(" | ", samples.Select(s => s.ResidentMiB.ToString("0.0", i))) + " |",
            // Where the resident set is (issue 17 item 6's RSS question): anonymous memory (the .NET heap, SQLite's
            // page caches, native buffers) apart from file-backed pages (code, and SQLite's memory-mapped database).
            "| RssAnon MiB | " + string.Join(" | ", samples.Select(s => s.AnonMiB.ToString("0.0", i))) + " |",
            "| RssFile MiB | " + string.Join(" | ", samples.Select(s => s.FileMiB.ToString("0.0", i))) + " |",
            "| of which the data folder's files (mapped database) MiB | " + string.Join(" | ", samples.Select(s => s.DatabaseMappedMiB.ToString("0.0", i))) + " |",
            "| of which other files (code) MiB | " + string.Join(" | ", samples.Select(s => s.CodeMappedMiB.ToString("0.0", i))) + " |",
            "| memfd shared memory (double-mapped JIT code) MiB | " + string.Join(" | ", samples.Select(s => s.SharedMemoryMiB.ToString("0.0", i))) + " |",
            "| GC heap MiB (/health) | " + string.Join(" | ", samples.Select(s => s.ManagedHeapMiB.ToString("0.0", i))) + " |",
            "| GC committed MiB (/health) | " + string.Join(" | ", samples.Select(s => s.GcCommittedMiB.ToString("0.0", i))) + " |",
            "| threads (/health) | " + string.Join(" | ", samples.Select(s => s.Threads.ToString(i))) + " |",
            .. store.IsPostgreSql ? (string[])[] : ["| SQLite allocations MiB (/health) | " + string.Join(" | ", samples.Select(s => s.StoreCacheMiB.ToString("0.0", i))) + " |"],
            .. store.IsPostgreSql ? (string[])[] : ["| open descriptors of *.db (pooled connections) | " + string.Join(" | ", samples.Select(s => s.Connections.ToString(i))) + " |"],
            "| oldest raw reading, s old | " + string.Join(" | ", samples.Select(s => s.OldestAgeSeconds.ToString("0", i))) + " |",
            "| raw deleted, thousands | " + string.Join(" | ", samples.Select(s => (s.RawDeleted / 1000.0).ToString("0", i))) + " |",
            "",
        ];
        var settled = samples.Where(s => s.Seconds >= 180 && !s.AfterStream).ToList();
        lines.Add(settled.Count < 2
            ? "Too short to judge flatness (fewer than 2 samples after the first 3 minutes)."
            : string.Create(i, $"After 3 minutes, while the stream runs: {(store.IsPostgreSql ? "database (pg_database_size) " + Flat(settled.Select(s => s.DatabaseMiB)) : "data folder " + Flat(settled.Select(s => s.FilesMiB)))}; RSS {Flat(settled.Select(s => s.ResidentMiB))}; RssAnon {Flat(settled.Select(s => s.AnonMiB))}; RssFile {Flat(settled.Select(s => s.FileMiB))}; peak RSS (VmHWM) {peak:0.0} MiB."));
        // The hub idle after the stream is the hub too (issue 17: flat "likewise"): judged with the running samples.
        var withAfter = samples.Where(s => s.Seconds >= 180).ToList();
        if (withAfter.Count > settled.Count && settled.Count >= 2)
        {
            lines.Add(string.Create(i, $"With the {withAfter.Count - settled.Count} samples after the stream ended: RSS {Flat(withAfter.Select(s => s.ResidentMiB))}; RssAnon {Flat(withAfter.Select(s => s.AnonMiB))}; RssFile {Flat(withAfter.Select(s => s.FileMiB))}."));
        }

        if (!complete)
        {
            lines.Add("**INCOMPLETE: the publisher failed or not every message was stored.**");
        }

        return lines;

        static string Flat(IEnumerable<double> values)
        {
            var list = values.ToList();
            var spread = (list.Max() - list.Min()) / list.Min();
            return string.Create(CultureInfo.InvariantCulture, $"{list.Min():0.0}-{list.Max():0.0} MiB, spread {spread:P0} ({(spread <= 0.10 ? "flat" : "NOT flat")} by the 10 % aim)");
        }
    }

    private sealed record RetentionSample(
        double Seconds, double FilesMiB, double DatabaseMiB, double FreeMiB, double ResidentMiB, double OldestAgeSeconds, long RawDeleted)
    {
        /// <summary>PostgreSQL: the raw history's partitions with their indexes; NaN on SQLite.</summary>
        public double RawTableMiB { get; init; } = double.NaN;

        /// <summary>Anonymous resident memory (RssAnon).</summary>
        public double AnonMiB { get; init; } = double.NaN;

        /// <summary>File-backed resident memory (RssFile): code and memory-mapped files.</summary>
        public double FileMiB { get; init; } = double.NaN;

        /// <summary>Bytes allocated on the .NET heap, from /health.</summary>
        public double ManagedHeapMiB { get; init; } = double.NaN;

        /// <summary>Memory the GC has committed (heap and the room it keeps), from /health.</summary>
        public double GcCommittedMiB { get; init; } = double.NaN;

        /// <summary>The hub's threads, from /health: thread-pool growth under load adds stacks to RssAnon.</summary>
        public int Threads { get; init; }

        /// <summary>SQLite's own allocations (its page caches), from /health; 0 on PostgreSQL.</summary>
        public double StoreCacheMiB { get; init; } = double.NaN;

        /// <summary>Resident pages of the files in the hub's data folder (SQLite's memory-mapped database), from smaps.</summary>
        public double DatabaseMappedMiB { get; init; } = double.NaN;

        /// <summary>Resident pages of the other files (code), from smaps.</summary>
        public double CodeMappedMiB { get; init; } = double.NaN;

        /// <summary>Resident memfd shared memory (the runtime's double-mapped JIT code: RssShmem), from smaps.</summary>
        public double SharedMemoryMiB { get; init; } = double.NaN;

        /// <summary>Open descriptors of *.db files in the data folder: SQLite's open connections, pooled ones included.</summary>
        public int Connections { get; init; }

        /// <summary>Taken after the publisher had exited: the hub idle.</summary>
        public bool AfterStream { get; init; }

        /// <summary>PostgreSQL: the rollup queue (telemetry_rollup_pending); NaN on SQLite.</summary>
        public double PendingMiB { get; init; } = double.NaN;
    }
}
