using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Mqtt;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// A <c>hub run</c> that takes the benchmarks' telemetry from their mosquitto: QoS 1 messages of readings arrays on
/// <c>plant/{customer}/{asset}/telemetry</c> through the shipped <c>plant-telemetry</c> mapping. The rules, fail-over
/// and nodes benchmarks start their hubs this one way.
/// </summary>
internal static class MqttHub
{
    /// <summary>
    /// The hub's settings for a data folder, the broker and the hub's MQTT client id, subscribing at
    /// <paramref name="qos"/> (<c>AtLeastOnce</c> or <c>AtMostOnce</c>); a benchmark appends its own.
    /// </summary>
    public static string[] Settings(BenchSettings settings, string dataFolder, Mosquitto broker, string clientId, string qos = "AtLeastOnce") =>
    [
        "--Hub:DataFolder=" + dataFolder,
        "--Hub:MappingsFolder=" + Path.GetFullPath(settings.MappingsFolder),
        "--Hub:Mqtt:Enabled=true",
        "--Hub:Mqtt:Host=127.0.0.1",
        "--Hub:Mqtt:Port=" + broker.Port.ToString(CultureInfo.InvariantCulture),
        "--Hub:Mqtt:ClientId=" + clientId,
        "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
        "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry",
        "--Hub:Mqtt:Subscriptions:0:Shape=Array",
        "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
        "--Hub:Mqtt:Subscriptions:0:QoS=" + qos,
    ];

    /// <summary>
    /// Starts the hub with <paramref name="hubSettings"/> and returns once the broker holds its subscription (nothing
    /// is published before: a message the hub is not subscribed for yet would be lost to the measure).
    /// </summary>
    public static async Task<HubServer> StartSubscribedAsync(
        BenchSettings settings, Mosquitto broker, string clientId, IEnumerable<string> hubSettings, string logPath, TimeSpan subscribeLimit,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var hub = await HubServer.StartAsync(settings.HubExecutable, hubSettings, logPath, cancellationToken, environment).ConfigureAwait(false);
        try
        {
            await broker.WaitForSubscriptionAsync(clientId, subscribeLimit, cancellationToken).ConfigureAwait(false);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
