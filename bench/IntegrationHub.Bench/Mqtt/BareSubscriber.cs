using System.Diagnostics;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// The hub's MQTT client on its own (Adapters/Mqtt/Client), as the telemetry adapter configures it (MQTT 5.0, default
/// receive maximum and inbound queue): a handler that only counts. Runs in a child process of its own, so that its
/// peak memory is its own; prints READY once the broker has answered the subscription.
/// </summary>
internal static class BareSubscriber
{
    /// <param name="mode">live: clean session, subscribe, count; prepare: subscribe with a persistent session and leave; drain: resume it and count.</param>
    public static async Task<TaskMeasurement> RunAsync(string mode, string clientId, int port, string filter, MqttQualityOfService qos, long count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counter = new MessageCounter(count);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = clientId,
            ProtocolVersion = MqttProtocolVersion.V500,
            CleanStart = mode != "drain",
            SessionExpirySeconds = mode == "live" ? 0u : 3600u,
        };
        await using var client = new MqttClient(options, (_, _) =>
        {
            counter.Count();
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (mode == "drain")
        {
            // The resumed session holds the subscription; the broker delivers what it queued.
            var drained = await counter.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            return new TaskMeasurement("bare-q" + (int)qos + "-drain", counter.Received, counter.Seconds,
                PeakMemory.OfThisProcessMiB(), drained ? null : $"incomplete: {counter.Received} of {count} within {limit}", CpuSeconds());
        }

        var subscribed = await client.SubscribeAsync(filter, qos, cancellationToken).ConfigureAwait(false);
        if (!subscribed.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {filter}: {subscribed.Description}");
        }

        Console.WriteLine("READY");
        if (mode == "prepare")
        {
            await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            // Nothing received: the seconds are those of connecting and subscribing.
            return new TaskMeasurement("bare-q" + (int)qos + "-prepare", 0, Stopwatch.GetElapsedTime(started).TotalSeconds, PeakMemory.OfThisProcessMiB());
        }

        var complete = await counter.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        return new TaskMeasurement("bare-q" + (int)qos, counter.Received, counter.Seconds, PeakMemory.OfThisProcessMiB(),
            complete ? null : $"incomplete: {counter.Received} of {count} within {limit}", CpuSeconds());
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
