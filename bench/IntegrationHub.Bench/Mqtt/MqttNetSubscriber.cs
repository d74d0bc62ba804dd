using System.Diagnostics;
using IntegrationHub.Bench.Running;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// Issue 20 item 2's reference subscriber: MQTTnet 5.2, the card's own client library, with its default options but
/// for MQTT 5.0 (as the hub's client speaks) and the session settings a mode needs, and a handler that only counts.
/// Runs in a child process of its own (<c>bench task mqtt-mqttnet</c>), like the bare client, so that its CPU time
/// and peak memory are its own; prints READY once the broker has granted the subscription.
/// </summary>
internal static class MqttNetSubscriber
{
    /// <param name="mode">live: clean start, subscribe, count; prepare: subscribe with a persistent session and leave; drain: resume it and count.</param>
    public static async Task<TaskMeasurement> RunAsync(string mode, string clientId, int port, string filter, int qos, long count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counter = new MessageCounter(count);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += _ =>
        {
            // Only counts. MQTTnet calls the handler for one message at a time and acknowledges a QoS 1 message once
            // it returns (AutoAcknowledge, the default).
            counter.Count();
            return Task.CompletedTask;
        };

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(mode != "drain")
            .WithSessionExpiryInterval(mode == "live" ? 0u : 3600u)
            .Build();
        await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var task = "mqttnet-q" + qos + "-" + mode;
        if (mode != "drain")
        {
            var result = await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, (MqttQualityOfServiceLevel)qos).Build(), cancellationToken).ConfigureAwait(false);
            if (result.Items.Any(i => (int)i.ResultCode > 2))
            {
                throw new InvalidOperationException($"The broker refused the subscription to {filter}: {result.Items.First().ResultCode}");
            }

            Console.WriteLine("READY");
            if (mode == "prepare")
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
                // Nothing received: the seconds are those of connecting and subscribing (not 0: rows/s would be NaN).
                return new TaskMeasurement(task, 0, Stopwatch.GetElapsedTime(started).TotalSeconds, PeakMemory.OfThisProcessMiB(), null, CpuSeconds());
            }
        }

        // The resumed session (drain) holds the subscription; the broker delivers what it queued.
        var complete = await counter.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        var cpu = CpuSeconds();
        await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
        return new TaskMeasurement(task, counter.Received, counter.Seconds, PeakMemory.OfThisProcessMiB(),
            complete ? null : $"incomplete: {counter.Received} of {count} within {limit}", cpu);
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
