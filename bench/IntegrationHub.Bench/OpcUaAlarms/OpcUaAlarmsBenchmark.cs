using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>
/// Issue 22's events benchmark: N alarm conditions (1,000 by default, <c>--alarms</c>) on the MES simulator raised and
/// cleared, once in waves and once all in one Write, each time into a fresh <c>hub run</c> (SQLite) with
/// <c>Hub:Mes:Alarms</c> on. Every raise must become a ticket and every clear must reach it; the latency is from each
/// condition event's server Time to its ticket row's created_at (one machine, one clock). The reference, in the same
/// run, is the same events read by the hub's bare OPC UA client with the adapter's EventFilter and nothing behind it.
/// </summary>
internal static class OpcUaAlarmsBenchmark
{
    private const int Waves = 10;
    private static readonly TimeSpan WaveSpacing = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan OutcomeLimit = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var machines = settings.RuleAlarms;
        await using var server = await MesOpcUaServer.StartAsync(cancellationToken, "--alarms", machines.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        Console.Error.WriteLine($"[opcua-alarms] simulator at {server.EndpointUrl} with {machines:N0} alarm conditions");
        await using var driverClient = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, cancellationToken).ConfigureAwait(false);
        var driver = new AlarmDriver(driverClient, machines);
        await using var watcher = await ConditionWatcher.StartAsync(server.EndpointUrl, PublishingInterval, cancellationToken).ConfigureAwait(false);

        var runs = new List<AlarmRunResult>();
        foreach (var (name, waves) in new[] { ($"in {Waves} waves {WaveSpacing.TotalSeconds:0} s apart", Waves), ("all in one Write", 1) })
        {
            runs.Add(await RunPatternAsync(settings, server, driver, watcher, name, waves, cancellationToken).ConfigureAwait(false));
        }

        return AlarmReport.Lines(machines, PublishingInterval, runs);
    }

    private static async Task<AlarmRunResult> RunPatternAsync(
        BenchSettings settings, MesOpcUaServer server, AlarmDriver driver, ConditionWatcher watcher, string pattern, int waves, CancellationToken cancellationToken)
    {
        var machines = settings.RuleAlarms;
        var folder = Path.Combine(settings.WorkFolder, "opcua-alarms-" + waves.ToString(CultureInfo.InvariantCulture));
        var data = Path.Combine(folder, "hub");
        Directory.CreateDirectory(data);
        var load = RunLoad.AfterSettling();
        string[] hubSettings =
        [
            "--Hub:DataFolder=" + data,
            "--Hub:MappingsFolder=" + Path.GetFullPath(settings.MappingsFolder),
            "--Hub:Mes:Enabled=true",
            "--Hub:Mes:EndpointUrl=" + server.EndpointUrl,
            "--Hub:Mes:SecurityMode=None",
            "--Hub:Mes:PublishingInterval=00:00:00.100",
            "--Hub:Mes:Alarms:Enabled=true",
            .. Enumerable.Range(1, machines).Select(n => $"--Hub:Mes:Alarms:Sources:{AlarmDriver.Machine(n)}={AlarmDriver.Asset(n)}"),
        ];
        await using var hub = await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, "hub.log"), cancellationToken).ConfigureAwait(false);
        using var health = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        // The adapter watches once its ConditionRefresh is done: a raise before that could arrive as the refresh's resend.
        await WaitAsync(async () => await CountAsync(health, "conditionRefreshes", cancellationToken).ConfigureAwait(false) >= 1, "the hub's ConditionRefresh", cancellationToken).ConfigureAwait(false);
        var database = Path.Combine(data, "hub.db");
        var cpu0 = ProcessCpu.SecondsOf(hub.ProcessId);
        var started = DateTimeOffset.UtcNow;
        Console.Error.WriteLine($"[opcua-alarms] {pattern}: raising {machines:N0}; load average {Machine.LoadAverage()}");
        var raiseWrite = await driver.SetAllAsync(true, waves, WaveSpacing, cancellationToken).ConfigureAwait(false);
        Dictionary<string, DateTimeOffset> created = [];
        await WaitAsync(async () => (created = (await TicketRows.ReadAsync(database, cancellationToken).ConfigureAwait(false)).Created).Count >= machines,
            $"{machines:N0} tickets", cancellationToken, throwOnTimeout: false).ConfigureAwait(false);
        var loadAfterRaise = RunLoad.OneMinute();
        var raisedEvents = watcher.Events.Where(e => e.Active && e.ReadAt >= started).GroupBy(e => e.SourceName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        Console.Error.WriteLine($"[opcua-alarms] {pattern}: {created.Count:N0} tickets; clearing");
        var clearing = DateTimeOffset.UtcNow;
        await driver.SetAllAsync(false, waves, WaveSpacing, cancellationToken).ConfigureAwait(false);
        var cleared = 0;
        await WaitAsync(async () => (cleared = (await TicketRows.ReadAsync(database, cancellationToken).ConfigureAwait(false)).Cleared) >= machines,
            $"{machines:N0} tickets cleared", cancellationToken, throwOnTimeout: false).ConfigureAwait(false);
        var clearEvents = watcher.Events.Count(e => !e.Active && e.ReadAt >= clearing);
        var hubEvents = await CountAsync(health, "conditionEvents", cancellationToken).ConfigureAwait(false);
        var cpu = ProcessCpu.SecondsOf(hub.ProcessId) - cpu0;

        var ticketMs = new List<double>();
        var referenceMs = new List<double>();
        for (var n = 1; n <= machines; n++)
        {
            if (raisedEvents.TryGetValue(AlarmDriver.Machine(n), out var e))
            {
                referenceMs.Add((e.ReadAt - e.ServerTime).TotalMilliseconds);
                if (created.TryGetValue(AlarmDriver.Asset(n), out var at))
                {
                    ticketMs.Add((at - e.ServerTime).TotalMilliseconds);
                }
            }
        }

        return new AlarmRunResult(pattern, created.Count, cleared, raisedEvents.Count, clearEvents, hubEvents, [.. ticketMs.Order()], [.. referenceMs.Order()], load, loadAfterRaise, cpu, raiseWrite.TotalMilliseconds);
    }

    private static async Task<long> CountAsync(HttpClient health, string count, CancellationToken cancellationToken)
    {
        using var document = await HealthJson.ReadAsync(health, cancellationToken).ConfigureAwait(false);
        return HealthJson.AdapterCount(document.RootElement, "mes", count);
    }

    // Polls until the condition holds; a hang guard, not a measure: on timeout the run reports what arrived (or throws).
    private static async Task WaitAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, bool throwOnTimeout = true)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > OutcomeLimit)
            {
                Console.Error.WriteLine($"[opcua-alarms] gave up waiting for {what} after {OutcomeLimit}");
                if (throwOnTimeout)
                {
                    throw new TimeoutException($"No {what} within {OutcomeLimit}.");
                }

                return;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}
