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
        long received = 0, first = 0, last = 0;
        var started = Stopwatch.GetTimestamp();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = clientId,
            ProtocolVersion = MqttProtocolVersion.V500,
            CleanStart = mode != "drain",
            SessionExpirySeconds = mode == "live" ? 0u : 3600u,
        };
        await using var client = new MqttClient(options, (message, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (received == 0)
            {
                first = now;
            }

            last = now;
            if (++received == count)
            {
                done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (mode == "drain")
        {
            // The resumed session holds the subscription; the broker delivers what it queued.
            var drained = await Task.WhenAny(done.Task, Task.Delay(limit, cancellationToken)).ConfigureAwait(false) == done.Task;
            return new TaskMeasurement("bare-q" + (int)qos + "-drain", Interlocked.Read(ref received), Stopwatch.GetElapsedTime(first, last).TotalSeconds,
                PeakMemory.OfThisProcessMiB(), drained ? null : $"incomplete: {received} of {count} within {limit}", CpuSeconds());
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

        var complete = await Task.WhenAny(done.Task, Task.Delay(limit, cancellationToken)).ConfigureAwait(false) == done.Task;
        var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        return new TaskMeasurement("bare-q" + (int)qos, Interlocked.Read(ref received), seconds, PeakMemory.OfThisProcessMiB(),
            complete ? null : $"incomplete: {received} of {count} within {limit}", CpuSeconds());
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
