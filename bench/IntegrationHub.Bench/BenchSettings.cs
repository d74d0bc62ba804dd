using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>The benchmark's settings, from <c>--name value</c> options; the defaults are those of issue 2.</summary>
internal sealed record BenchSettings
{
    /// <summary>Scratch folder for exports, data folders and scripts; deleted and re-created per benchmark.</summary>
    public string WorkFolder { get; init; } = Path.Combine(Path.GetTempPath(), "hub-bench");

    /// <summary>The <c>hub</c> executable built in Release.</summary>
    public string HubExecutable { get; init; } = "hub";

    /// <summary>The demo mappings (orders.yaml maps the order export).</summary>
    public string MappingsFolder { get; init; } = "deploy/demo/mappings";

    public string? ResultsFile { get; init; }

    public int ImportRows { get; init; } = 100_000;

    public int ImportRepeats { get; init; } = 5;

    public int LookupOrders { get; init; } = 1_000_000;

    public int WrkThreads { get; init; } = 2;

    public int WrkConnections { get; init; } = 16;

    public TimeSpan WrkDuration { get; init; } = TimeSpan.FromSeconds(15);

    public int LookupRounds { get; init; } = 3;

    /// <summary>Open-loop rates of the lookup benchmark, requests/s to each target (issue 17: p99 at a fixed rate).</summary>
    public IReadOnlyList<int> OpenLoopRates { get; init; } = [50, 200, 500];

    /// <summary>How long each open-loop rate runs (at 50/s, 30 s give 1,500 requests per target: enough for a p99.9).</summary>
    public TimeSpan OpenLoopDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages published per QoS to the reference subscriber and to the bare client (issue 3: 200,000).</summary>
    public int MqttMessages { get; init; } = 200_000;

    /// <summary>Rounds of the MQTT throughput runs (reference, bare client, adapter per QoS); the ratios are medians over rounds.</summary>
    public int MqttRounds { get; init; } = 3;

    /// <summary>Messages published per QoS to the full telemetry adapter (fewer keeps a slow store's run short).</summary>
    public int MqttAdapterMessages { get; init; } = 200_000;

    /// <summary>
    /// The hub variants whose cold-start drain the mqtt benchmark compares with the default build in the same run (issue 20
    /// item 3): default, r2r (the benchmark publishes a ReadyToRun hub into artifacts/hub-r2r), pgo
    /// (<c>DOTNET_TieredPGO=1</c>, .NET's default, off in the hub's build), no-tiering (<c>DOTNET_TieredCompilation=0</c>). The default build always runs.
    /// </summary>
    public IReadOnlyList<string> HubVariants { get; init; } = ["default", "r2r", "pgo", "no-tiering"];

    /// <summary>Messages the full adapter stores before its second, warm run is timed (0: no warm run).</summary>
    public int MqttAdapterWarmup { get; init; } = 100_000;

    /// <summary>
    /// Seconds of steady QoS 1 load on the full telemetry adapter (<c>hub run</c> with its store) while its resident
    /// memory is sampled; 0 skips the soak.
    /// </summary>
    public int MqttSoakSeconds { get; init; }

    /// <summary>Alarms raised in the rules benchmark, one per machine.</summary>
    /// <value>The default value is 1000.</value>
    public int RuleAlarms { get; init; } = 1000;

    /// <summary>Background telemetry messages per second during the rules benchmark.</summary>
    /// <value>The default value is 20,000.</value>
    public int RuleBackgroundRate { get; init; } = 20_000;

    /// <summary>The Node-RED reference of the rules benchmark (issue 20): its folder (bench/node-red, node_modules by <c>npm ci</c>).</summary>
    public string NodeRedFolder { get; init; } = "bench/node-red";

    /// <summary>Watched readings per run of the hub-vs-Node-RED rate comparison (0: leave the comparison out).</summary>
    public int NodeRedReadings { get; init; } = 100_000;

    /// <summary>Rounds of the hub-vs-Node-RED comparison, each a fresh hub and a fresh Node-RED; the ratio is the median of the rounds'.</summary>
    public int NodeRedRounds { get; init; } = 3;

    /// <summary>Every Nth reading of the comparison is above the threshold (an alarm: a POST from Node-RED, a ticket in the hub).</summary>
    public int NodeRedAlarmEvery { get; init; } = 1000;

    /// <summary>Seconds of the same soak on the bare client; null: as long as <see cref="MqttSoakSeconds"/>, 0 skips it.</summary>
    public int? MqttBareSoakSeconds { get; init; }

    /// <summary>Seconds of the retention soak (issue 17 item 6), at <see cref="MqttSoakRate"/> readings/s.</summary>
    /// <value>The default value is 600 (10 minutes).</value>
    public int RetentionSoakSeconds { get; init; } = 600;

    /// <summary>The retention soak's <c>Hub:Telemetry:RawRetention</c>, in seconds.</summary>
    /// <value>The default value is 120 (2 minutes).</value>
    public int RetentionRawSeconds { get; init; } = 120;

    /// <summary>
    /// The hub's store in the benchmarks that take one (issue 17: mqtt-store, retention, lookup): sqlite, postgresql or
    /// both; null: each benchmark's own default.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>Orders (with one or two lines each) in the SQLite store that the copy benchmark copies (issue 17 item 5).</summary>
    /// <value>The default value is 100,000.</value>
    public int CopyOrders { get; init; } = 100_000;

    /// <summary>Telemetry readings in the SQLite store that the copy benchmark copies.</summary>
    /// <value>The default value is 1,000,000.</value>
    public int CopyReadings { get; init; } = 1_000_000;

    /// <summary>QoS 1 readings timed per run of the nodes benchmark (issue 18: 1 node vs 2 nodes through the rules stage).</summary>
    /// <value>The default value is 100,000.</value>
    public int NodesReadings { get; init; } = 100_000;

    /// <summary>Readings each configuration of the nodes benchmark drains before its timed run (0: none).</summary>
    /// <value>The default value is 20,000.</value>
    public int NodesWarmup { get; init; } = 20_000;

    /// <summary>Machines the nodes benchmark's readings are spread over, one topic each.</summary>
    /// <value>The default value is 200 (issue 18's alarm storm size).</value>
    public int NodesMachines { get; init; } = 200;

    /// <summary>Rounds of the nodes benchmark, each a 1-node and a 2-node run.</summary>
    /// <value>The default value is 2.</value>
    public int NodesRounds { get; init; } = 2;

    /// <summary>Kills per fail-over benchmark (issue 18: median of 5).</summary>
    /// <value>The default value is 5.</value>
    public int FailoverRounds { get; init; } = 5;

    /// <summary>QoS 1 readings per second published through the PostgreSQL fail-over benchmark.</summary>
    /// <value>The default value is 500.</value>
    public int FailoverRate { get; init; } = 500;

    /// <summary>Which fail-overs the failover benchmark times: hub (a node killed), postgresql (the primary killed) or both.</summary>
    /// <value>The default value is both.</value>
    public string FailoverKind { get; init; } = "both";

    /// <summary>The adapter soak's publisher rate, messages per second (bounded, so that the database grows by a known amount).</summary>
    public int MqttSoakRate { get; init; } = 5_000;

    /// <summary>The benchmark's MQTT.js scripts (bench/mqtt).</summary>
    public string ScriptsFolder { get; init; } = "bench/mqtt";

    /// <summary>node_modules holding MQTT.js (tests/peers/mqtt/node_modules, filled by deploy/install-deps.sh).</summary>
    public string NodeModules { get; init; } = "tests/peers/mqtt/node_modules";

    /// <summary>Order rows polled from PostgreSQL in the database polling benchmark (issue 7: 1,000,000).</summary>
    public int SqlRows { get; init; } = 1_000_000;

    /// <summary>Rounds of the database polling benchmark, each a bare COPY and a hub poll.</summary>
    public int SqlRounds { get; init; } = 3;

    /// <summary>The simulator's ERP database (deploy/simulator/erp-db): schema.sql and mappings/.</summary>
    public string ErpDbFolder { get; init; } = "deploy/simulator/erp-db";

    /// <summary>Orders in the portal benchmark's store.</summary>
    public int PortalOrders { get; init; } = 20_000;

    /// <summary>Requests per target in the portal benchmark's server-time measurement.</summary>
    public int PortalRequests { get; init; } = 3_000;

    /// <summary>Order pages held open with live updates (issue 6: 200).</summary>
    public int PortalLivePages { get; init; } = 200;

    /// <summary>Seconds the live pages are held open while the hub's CPU is measured.</summary>
    public int PortalLiveSeconds { get; init; } = 30;

    /// <summary>Monitored items in the OPC UA benchmark (issue 4: 10,000).</summary>
    public int OpcUaItems { get; init; } = 10_000;

    /// <summary>How often the OPC UA benchmark's items change, are sampled and published, in milliseconds (issue 4: 100).</summary>
    public int OpcUaIntervalMs { get; init; } = 100;

    /// <summary>Seconds each OPC UA client is measured, after <see cref="OpcUaWarmupSeconds"/>.</summary>
    public int OpcUaSeconds { get; init; } = 30;

    public int OpcUaWarmupSeconds { get; init; } = 5;

    /// <summary>Rounds of the OPC UA benchmark, each measuring node-opcua's client and then the hub's.</summary>
    public int OpcUaRounds { get; init; } = 2;

    /// <summary>The OPC UA benchmark's node-opcua scripts (bench/opcua).</summary>
    public string OpcUaScriptsFolder { get; init; } = "bench/opcua";

    /// <summary>node_modules holding node-opcua (deploy/simulator/mes-opcua/node_modules, filled by deploy/install-deps.sh).</summary>
    public string OpcUaNodeModules { get; init; } = "deploy/simulator/mes-opcua/node_modules";

    /// <summary>
    /// Environment of the measured child processes: the hub's GC mode (Microsoft.NET.Sdk.Web turns server GC on for
    /// <c>hub</c>), so that an import measured here uses memory as it would inside <c>hub run</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment { get; init; } = new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" };

    public static BenchSettings Parse(IReadOnlyList<string> options)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < options.Count; i++)
        {
            var name = options[i];
            var value = i + 1 < options.Count ? options[++i] : throw new ArgumentException($"The option {name} needs a value.");
            settings = name switch
            {
                "--work" => settings with { WorkFolder = Path.GetFullPath(value) },
                "--hub" => settings with { HubExecutable = Path.GetFullPath(value) },
                "--mappings" => settings with { MappingsFolder = Path.GetFullPath(value) },
                "--results" => settings with { ResultsFile = Path.GetFullPath(value) },
                "--rows" => settings with { ImportRows = Int(name, value) },
                "--repeats" => settings with { ImportRepeats = Int(name, value) },
                "--orders" => settings with { LookupOrders = Int(name, value) },
                "--threads" => settings with { WrkThreads = Int(name, value) },
                "--connections" => settings with { WrkConnections = Int(name, value) },
                "--duration" => settings with { WrkDuration = TimeSpan.FromSeconds(Int(name, value)) },
                "--rounds" => settings with { LookupRounds = Int(name, value) },
                "--open-rates" => settings with { OpenLoopRates = value.Split(',').Select(r => Int(name, r.Trim())).ToArray() },
                "--open-seconds" => settings with { OpenLoopDuration = TimeSpan.FromSeconds(Int(name, value)) },
                "--messages" => settings with { MqttMessages = Int(name, value) },
                "--mqtt-rounds" => settings with { MqttRounds = Int(name, value) },
                "--adapter-messages" => settings with { MqttAdapterMessages = Int(name, value) },
                "--hub-variants" => settings with { HubVariants = ["default", .. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(v => v != "default").Distinct()] },
                "--adapter-warmup" => settings with { MqttAdapterWarmup = Int(name, value, allowZero: true) },
                "--soak" => settings with { MqttSoakSeconds = Int(name, value, allowZero: true) },
                "--alarms" => settings with { RuleAlarms = Int(name, value) },
                "--node-red" => settings with { NodeRedFolder = Path.GetFullPath(value) },
                "--node-red-readings" => settings with { NodeRedReadings = Int(name, value, allowZero: true) },
                "--node-red-rounds" => settings with { NodeRedRounds = Int(name, value) },
                "--node-red-alarm-every" => settings with { NodeRedAlarmEvery = Int(name, value) },
                "--background-rate" => settings with { RuleBackgroundRate = Int(name, value) },
                "--bare-soak" => settings with { MqttBareSoakSeconds = Int(name, value, allowZero: true) },
                "--soak-rate" => settings with { MqttSoakRate = Int(name, value) },
                "--retention-seconds" => settings with { RetentionSoakSeconds = Int(name, value) },
                "--copy-orders" => settings with { CopyOrders = Int(name, value) },
                "--copy-readings" => settings with { CopyReadings = Int(name, value) },
                "--retention-raw-seconds" => settings with { RetentionRawSeconds = Int(name, value) },
                "--nodes-readings" => settings with { NodesReadings = Int(name, value) },
                "--nodes-warmup" => settings with { NodesWarmup = Int(name, value, allowZero: true) },
                "--nodes-machines" => settings with { NodesMachines = Int(name, value) },
                "--nodes-rounds" => settings with { NodesRounds = Int(name, value) },
                "--failover-rounds" => settings with { FailoverRounds = Int(name, value) },
                "--failover-rate" => settings with { FailoverRate = Int(name, value) },
                "--failover-kind" => settings with { FailoverKind = value is "hub" or "postgresql" or "both" ? value : throw new ArgumentException($"--failover-kind takes hub, postgresql or both, not '{value}'.") },
                "--store" => settings with { Store = value is "sqlite" or "postgresql" or "both" ? value : throw new ArgumentException($"--store takes sqlite, postgresql or both, not '{value}'.") },
                "--scripts" => settings with { ScriptsFolder = Path.GetFullPath(value) },
                "--node-modules" => settings with { NodeModules = Path.GetFullPath(value) },
                "--sql-rows" => settings with { SqlRows = Int(name, value) },
                "--sql-rounds" => settings with { SqlRounds = Int(name, value) },
                "--erp-db" => settings with { ErpDbFolder = Path.GetFullPath(value) },
                "--portal-orders" => settings with { PortalOrders = Int(name, value) },
                "--portal-requests" => settings with { PortalRequests = Int(name, value) },
                "--portal-pages" => settings with { PortalLivePages = Int(name, value) },
                "--portal-seconds" => settings with { PortalLiveSeconds = Int(name, value) },
                "--opcua-items" => settings with { OpcUaItems = Int(name, value) },
                "--opcua-interval-ms" => settings with { OpcUaIntervalMs = Int(name, value) },
                "--opcua-seconds" => settings with { OpcUaSeconds = Int(name, value) },
                "--opcua-warmup" => settings with { OpcUaWarmupSeconds = Int(name, value) },
                "--opcua-rounds" => settings with { OpcUaRounds = Int(name, value) },
                "--opcua-scripts" => settings with { OpcUaScriptsFolder = Path.GetFullPath(value) },
                "--opcua-node-modules" => settings with { OpcUaNodeModules = Path.GetFullPath(value) },
                "--server-gc" => settings with { ChildEnvironment = new Dictionary<string, string> { ["DOTNET_gcServer"] = value } },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        return settings;
    }

    // Soak lengths may be 0, which skips the soak; every other count must be positive.
    private static int Int(string name, string value, bool allowZero = false) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n > 0 || allowZero)
            ? n
            : throw new ArgumentException($"The option {name} needs a {(allowZero ? "whole number, 0 or more" : "positive whole number")}, not '{value}'.");
}
