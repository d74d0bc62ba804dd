using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Bench;
using IntegrationHub.Bench.Copy;
using IntegrationHub.Bench.Import;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Nodes;
using IntegrationHub.Bench.OpcUa;
using IntegrationHub.Bench.OpcUaAlarms;
using IntegrationHub.Bench.Portal;
using IntegrationHub.Bench.Rules;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Sparkplug;
using IntegrationHub.Bench.Sql;

// bench import|lookup|mqtt|mqtt-store|sparkplug|opcua|opcua-alarms|rules|portal|sql|retention|copy|failover|nodes|all [options]   runs the benchmarks of issues 2 to 7, 17 and 18 and prints a Markdown table
// bench task <name> ...               one measured task, run by the benchmark in a child process of its own
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

switch (args)
{
    case ["task", "bare-csv", var file]:
        Console.WriteLine((await BareCsvRead.RunAsync(file, stopping.Token)).ToLine());
        return 0;
    case ["task", "hub-import", var file, var data, var mappings, .. var store] when store.Length <= 1:
        Console.WriteLine((await HubImport.RunAsync(file, data, mappings, store.FirstOrDefault(), stopping.Token)).ToLine());
        return 0;
    case ["task", "import-floor", var file, var data, var mappings, .. var store] when store.Length <= 1:
        Console.WriteLine((await ImportFloor.RunAsync(file, data, mappings, store.FirstOrDefault(), stopping.Token)).ToLine());
        return 0;
    case ["task", "seed", var data, var count, var customer, var list]:
        Console.WriteLine((await OrderSeeder.RunAsync(data, int.Parse(count, CultureInfo.InvariantCulture), customer, list, stopping.Token)).ToLine());
        return 0;
    case ["task", "seed-readings", var data, var count]:
        Console.WriteLine((await ReadingSeeder.RunAsync(data, int.Parse(count, CultureInfo.InvariantCulture), stopping.Token)).ToLine());
        return 0;
    case ["task", "copy-read", var database]:
        ChildProcess.PrintReport(await SqliteTableRead.RunAsync(database, stopping.Token));
        return 0;
    case ["task", "sql-copy", var connectionString]:
        Console.WriteLine((await BareCopy.RunAsync(connectionString, stopping.Token)).ToLine());
        return 0;
    case ["task", "sql-poll", var connectionString, var data, var mappings, .. var store] when store.Length <= 1:
        Console.WriteLine((await HubSqlPoll.RunAsync(connectionString, data, mappings, store.FirstOrDefault(), stopping.Token)).ToLine());
        return 0;
    case ["task", "sql-stage", var stage, var connectionString, var data, var mappings, .. var store] when store.Length <= 1:
        Console.WriteLine((await SqlStages.RunAsync(stage, connectionString, data, mappings, store.FirstOrDefault(), stopping.Token)).ToLine());
        return 0;
    case ["task", "import-stages", var file, var data, var mappings, .. var store] when store.Length <= 1:
        ChildProcess.PrintReport(await ImportStages.RunAsync(file, data, mappings, store.FirstOrDefault(), stopping.Token));
        return 0;
    case ["task", "mqtt-stages", var messages, var data, var mappings]:
        ChildProcess.PrintReport(await MqttStages.RunAsync(messages, data, mappings, stopping.Token));
        return 0;
    case ["task", "lookup-stages", var data, var list]:
        ChildProcess.PrintReport(await LookupStages.RunAsync(data, list, stopping.Token));
        return 0;
    case ["task", "mqtt-bare", var mode, var clientId, var port, var filter, var qos, var count, var limitSeconds]:
        Console.WriteLine((await BareSubscriber.RunAsync(
            mode, clientId, int.Parse(port, CultureInfo.InvariantCulture), filter, (MqttQualityOfService)byte.Parse(qos, CultureInfo.InvariantCulture),
            long.Parse(count, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(limitSeconds, CultureInfo.InvariantCulture)), stopping.Token)).ToLine());
        return 0;
    case ["task", "mqtt-mqttnet", var mode, var clientId, var port, var filter, var qos, var count, var limitSeconds]:
        Console.WriteLine((await MqttNetSubscriber.RunAsync(
            mode, clientId, int.Parse(port, CultureInfo.InvariantCulture), filter, int.Parse(qos, CultureInfo.InvariantCulture),
            long.Parse(count, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(limitSeconds, CultureInfo.InvariantCulture)), stopping.Token)).ToLine());
        return 0;
    case ["task", "opcua-hub", var url, var items, var intervalMs, var warmup, var seconds]:
        Console.WriteLine((await HubSubscriber.RunAsync(
            new Uri(url), int.Parse(items, CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(int.Parse(intervalMs, CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(warmup, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), stopping.Token)).ToLine());
        return 0;
    case [("import" or "lookup" or "mqtt" or "mqtt-store" or "sparkplug" or "opcua" or "opcua-alarms" or "rules" or "portal" or "sql" or "retention" or "copy" or "failover" or "nodes" or "all") and var which, .. var options]:
        var settings = BenchSettings.Parse(options);
        var started = Stopwatch.GetTimestamp();
        var report = new List<string>(await Machine.DescribeAsync(stopping.Token)) { "" };
        if (which is "import" or "all")
        {
            report.AddRange(await ImportBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "lookup" or "all")
        {
            report.AddRange(await LookupBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "mqtt" or "all")
        {
            report.AddRange(await MqttBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "opcua" or "all")
        {
            report.AddRange(await OpcUaBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "portal" or "all")
        {
            report.AddRange(await PortalBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "sql" or "all")
        {
            report.AddRange(await SqlBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "rules" or "all")
        {
            report.AddRange(await RulesBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
            // Issue 20: the hub's sustained rate through the rules against a Node-RED flow, in the same run.
            report.AddRange(await NodeRedComparison.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": issue 17's store comparison (the mqtt benchmark's SQLite adapter is in "all" already).
        if (which is "mqtt-store")
        {
            report.AddRange(await MqttBenchmark.StoreComparisonAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": issue 22 item 4, Sparkplug B against the same readings as JSON.
        if (which is "sparkplug")
        {
            report.AddRange(await SparkplugBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": ten minutes of load on its own per store (issue 17 item 6).
        if (which is "retention")
        {
            report.AddRange(await MqttBenchmark.RetentionSoaksAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": the store copy's speed (issue 17 item 5), a fill of minutes first.
        if (which is "copy")
        {
            report.AddRange(await CopyBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": issue 18's fail-over times (a Patroni cluster of its own) and 1 node vs 2 nodes.
        if (which is "failover")
        {
            report.AddRange(await FailoverBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        // Not part of "all": issue 22's events benchmark, OPC UA alarm conditions to tickets.
        if (which is "opcua-alarms")
        {
            report.AddRange(await OpcUaAlarmsBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        if (which is "nodes")
        {
            report.AddRange(await NodesBenchmark.RunAsync(settings, stopping.Token));
            report.Add("");
        }

        report.Add(string.Create(CultureInfo.InvariantCulture, $"Total benchmark time {Stopwatch.GetElapsedTime(started).TotalMinutes:0.0} min; load average at the end: {Machine.LoadAverage()}."));
        var text = string.Join('\n', report) + "\n";
        Console.WriteLine();
        Console.Write(text);
        if (settings.ResultsFile is { } results)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(results)!);
            await File.WriteAllTextAsync(results, text, stopping.Token);
            Console.Error.WriteLine($"[bench] results written to {results}");
        }

        return 0;
    default:
        Console.Error.WriteLine("Usage: bench import|lookup|mqtt|mqtt-store|opcua|opcua-alarms|rules|portal|sql|retention|copy|failover|nodes|all [--hub PATH] [--mappings DIR] [--work DIR] [--results FILE]");
        Console.Error.WriteLine("         [--store sqlite|postgresql|both] (mqtt-store: both; retention, lookup, rules: sqlite)");
        Console.Error.WriteLine("         [--rows 100000] [--repeats 5] [--orders 1000000] [--threads 2] [--connections 16] [--duration 15] [--rounds 3]");
        Console.Error.WriteLine("         [--messages 200000] [--adapter-messages 200000] [--soak SECONDS] [--scripts bench/mqtt] [--node-modules DIR]");
        Console.Error.WriteLine("         [--hub-variants default,r2r,pgo,no-tiering] [--node-red DIR] [--node-red-readings 100000] [--node-red-rounds 2]");
        Console.Error.WriteLine("         [--alarms 1000] [--background-rate 20000] [--retention-seconds 600] [--retention-raw-seconds 120] [--soak-rate 5000]");
        Console.Error.WriteLine("         [--opcua-items 10000] [--opcua-interval-ms 100] [--opcua-seconds 30] [--opcua-warmup 5] [--opcua-rounds 2]");
        Console.Error.WriteLine("         [--sql-rows 1000000] [--sql-rounds 3] [--erp-db deploy/simulator/erp-db] [--copy-orders 100000] [--copy-readings 1000000]");
        Console.Error.WriteLine("         [--nodes-readings 100000] [--nodes-warmup 20000] [--nodes-machines 200] [--nodes-rounds 2]");
        Console.Error.WriteLine("         [--failover-rounds 5] [--failover-rate 500] [--failover-kind hub|postgresql|both]");
        Console.Error.WriteLine("         [--portal-orders 20000] [--portal-requests 3000] [--portal-pages 200] [--portal-seconds 30]");
        Console.Error.WriteLine("         [--opcua-scripts bench/opcua] [--opcua-node-modules deploy/simulator/mes-opcua/node_modules]");
        return 64;
}
