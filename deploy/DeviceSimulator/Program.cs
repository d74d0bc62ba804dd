using System.Globalization;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.DeviceSimulator;

// device-simulator --port 1883 [--host 127.0.0.1] [--customers 36] [--interval-ms 1000] [--seconds 0 = until Ctrl+C]
// Publishes JSON telemetry at QoS 1 for the demo plant's installed machines (EQ-C001-01 ...), as the demo's
// equipment export lists them: one to three machines per customer.
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

var customers = Option("customers", 36);
var interval = TimeSpan.FromMilliseconds(Option("interval-ms", 1000));
var seconds = Option("seconds", 0);
var random = new Random(42);
var machines = Enumerable.Range(1, customers)
    .SelectMany(c => Enumerable.Range(1, 1 + ((c - 1) % 3)).Select(n => new SimulatedMachine($"C{c:000}", $"EQ-C{c:000}-{n:00}", random)))
    .ToList();

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
if (seconds > 0)
{
    stopping.CancelAfter(TimeSpan.FromSeconds(seconds));
}

await using var client = new MqttClient(
    new MqttClientOptions
    {
        Host = options.GetValueOrDefault("host", "127.0.0.1"),
        Port = Option("port", 1883),
        ClientId = "demo-device-simulator",
    },
    (_, _) => ValueTask.CompletedTask);
await client.ConnectAsync(stopping.Token);
Console.WriteLine($"Publishing telemetry of {machines.Count} machines every {interval.TotalSeconds:0.#} s to plant/<customer>/<asset>/telemetry");

using var timer = new PeriodicTimer(interval);
long sent = 0;
try
{
    do
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var machine in machines)
        {
            await client.PublishAsync(new MqttApplicationMessage(machine.Topic, machine.NextPayload(now), MqttQualityOfService.AtLeastOnce), stopping.Token);
            sent++;
        }
    }
    while (await timer.WaitForNextTickAsync(stopping.Token));
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
}

Console.WriteLine($"Published {sent} messages.");
