using System.Globalization;
using System.Runtime.InteropServices;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// The subscribers of the mqtt benchmark (issue 20 item 2: MQTTnet 5.2, a C program on libmosquitto and MQTT.js as
/// references, the hub's bare client as the yardstick), the hub variants of the cold-start comparison (item 3), and
/// what the benchmark builds for them into the repository's artifacts/ folder.
/// </summary>
internal static partial class MqttBenchmark
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(20);

    /// <summary>The references first, then the bare client, in the order every round runs them.</summary>
    private static IReadOnlyList<SubscriberProgram> Subscribers(BenchSettings settings, Mosquitto broker, string cSubscriber)
    {
        var i = CultureInfo.InvariantCulture;
        var port = broker.Port.ToString(i);
        var count = settings.MqttMessages.ToString(i);
        var limit = StepLimit.TotalSeconds.ToString(i);
        return
        [
            new("MQTTnet 5.2", "mqttnet", (clientId, qos, mode) => ChildProcess.Self(
                ["task", "mqtt-mqttnet", mode, clientId, port, TelemetryPayloads.Filter, qos.ToString(i), count, limit], settings.ChildEnvironment)),
            new("libmosquitto C", "c", (clientId, qos, mode) => ChildProcess.Program(
                cSubscriber, port, TelemetryPayloads.Filter, qos.ToString(i), count, clientId, limit, mode)),
            new("MQTT.js", "mqttjs", (clientId, qos, mode) =>
            {
                var start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "subscribe.js"), port, TelemetryPayloads.Filter, qos.ToString(i), count, clientId, limit, mode);
                start.Environment["NODE_PATH"] = settings.NodeModules;
                return start;
            }),
            new("bare hub client", "bare", (clientId, qos, mode) => ChildProcess.Self(
                ["task", "mqtt-bare", mode, clientId, port, TelemetryPayloads.Filter, qos.ToString(i), count, limit], settings.ChildEnvironment)),
        ];
    }

    /// <summary>The repository the benchmark runs from (bench/mqtt is its scripts folder).</summary>
    private static string Repository(BenchSettings settings) => Path.GetFullPath(Path.Combine(settings.ScriptsFolder, "..", ".."));

    /// <summary>
    /// Compiles bench/mqtt/c-subscriber.c against Debian's libmosquitto (libmosquitto-dev, which
    /// <c>HUB_WITH_BENCH_TOOLS=1 deploy/install-deps.sh</c> installs) into artifacts/bench/.
    /// </summary>
    private static async Task<string> BuildCSubscriberAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var repo = Repository(settings);
        var output = Path.Combine(repo, "artifacts", "bench", "c-subscriber");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await ChildProcess.RunAsync(
            ChildProcess.Program("cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", output, Path.Combine(settings.ScriptsFolder, "c-subscriber.c"), "-lmosquitto"),
            BuildLimit, cancellationToken).ConfigureAwait(false);
        return output;
    }

    /// <summary>
    /// The hub variants named by <c>--hub-variants</c>, the default build first; builds the ReadyToRun hub
    /// (<c>dotnet publish -p:PublishReadyToRun=true</c>, framework-dependent, this machine's RID) when it is asked for,
    /// with its own intermediate folders, so that it does not disturb the Release build the other steps run.
    /// </summary>
    private static async Task<IReadOnlyList<HubVariant>> HubVariantsAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var none = new Dictionary<string, string>();
        List<HubVariant> variants = [new("default", settings.HubExecutable, none, "the Release build as shipped (tiered compilation on, tiered PGO off: Hub.Host.csproj, session 22)")];
        foreach (var name in settings.HubVariants.Where(v => v != "default"))
        {
            switch (name)
            {
                case "r2r":
                    var repo = Repository(settings);
                    var output = Path.Combine(repo, "artifacts", "hub-r2r");
                    Console.Error.WriteLine($"[mqtt] dotnet publish Hub.Host -p:PublishReadyToRun=true -> {output}");
                    await ChildProcess.RunAsync(
                        ChildProcess.Program("dotnet", "publish", Path.Combine(repo, "Hub.Host"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                            "--self-contained", "false", "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(repo, "artifacts", "hub-r2r-build"),
                            "-o", output, "--nologo", "-v", "quiet", "-clp:ErrorsOnly"),
                        BuildLimit, cancellationToken).ConfigureAwait(false);
                    variants.Add(new("r2r", Path.Combine(output, "hub"), none, "ReadyToRun (`dotnet publish -p:PublishReadyToRun=true`): the hub's own assemblies precompiled, tiering on"));
                    break;
                case "pgo":
                    variants.Add(new(name, settings.HubExecutable, new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" }, "default build, `DOTNET_TieredPGO=1` (.NET's default: hot methods compiled again with instrumentation, then optimised with the profile)"));
                    break;
                case "no-tiering":
                    variants.Add(new(name, settings.HubExecutable, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }, "default build, `DOTNET_TieredCompilation=0` (every method fully optimised at its first call)"));
                    break;
                default:
                    throw new ArgumentException($"--hub-variants takes default, r2r, pgo and no-tiering, not '{name}'.");
            }
        }

        return variants;
    }

    /// <summary>
    /// Ends <paramref name="clientId"/>'s persistent session (clean start, session expiry 0, then DISCONNECT): a session
    /// left behind would make the broker queue every later QoS 1 message of the run for it, loading the steps after.
    /// </summary>
    internal static async Task ForgetSessionAsync(Mosquitto broker, string clientId, CancellationToken cancellationToken)
    {
        await using var client = new MqttClient(
            new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = clientId, CleanStart = true, SessionExpirySeconds = 0 },
            (_, _) => ValueTask.CompletedTask);
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }
}
