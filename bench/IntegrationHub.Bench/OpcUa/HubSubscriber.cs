using System.Diagnostics;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.OpcUa;

/// <summary>
/// The hub's OPC UA client (Adapters/OpcUa/Client) subscribed to the benchmark server's items with the settings of
/// bench/opcua/subscribe.js, and an application that only counts the values it reads from the subscription; it ends
/// as that script does, freezing the items and counting what is still in flight. Runs in a
/// child process of its own, so that its CPU time and peak memory are its own.
/// </summary>
internal static class HubSubscriber
{
    public const string NamespaceUri = "urn:integrationhub:bench:opcua";

    public static async Task<SubscriberResult> RunAsync(Uri endpointUrl, int items, TimeSpan interval, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var client = await OpcUaClient.ConnectAsync(
            new OpcUaClientOptions { EndpointUrl = endpointUrl, MaximumSecurityMode = MessageSecurityMode.None, SessionName = "bench" },
            cancellationToken).ConfigureAwait(false);
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = interval, LifetimeCount = 600, MaxKeepAliveCount = 10 }, cancellationToken).ConfigureAwait(false);

        var frozen = new ExpandedNodeId(new NodeId("Frozen", 0), NamespaceUri);
        await SetFrozenAsync(client, frozen, false, cancellationToken).ConfigureAwait(false);
        long delivered = 0;
        var counting = Task.Run(async () =>
        {
            var reader = subscription.Values;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long n = 0;
                while (reader.TryRead(out _))
                {
                    n++;
                }

                Interlocked.Add(ref delivered, n);
            }
        }, cancellationToken);

        var created = await subscription.AddItemsAsync(
            Enumerable.Range(0, items)
                .Select(i => new MonitoredItemOptions(new ExpandedNodeId(new NodeId($"Item{i}", 0), NamespaceUri))
                {
                    SamplingInterval = interval,
                    QueueSize = 1,
                    DiscardOldest = true,
                })
                .ToList(),
            cancellationToken).ConfigureAwait(false);
        if (created.FirstOrDefault(i => i.Status.IsBad) is { } refused)
        {
            throw new InvalidOperationException($"The server refused monitored item {refused.Options.NodeId}: {refused.Status}");
        }

        await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        var n0 = Interlocked.Read(ref delivered);
        var cpu0 = self.TotalProcessorTime;
        var lost0 = subscription.LostMessageCount;
        var t0 = Stopwatch.GetTimestamp();
        await Task.Delay(window, cancellationToken).ConfigureAwait(false);
        var n1 = Interlocked.Read(ref delivered);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var peak = PeakMemory.OfThisProcessMiB();

        // Nothing changes once frozen: after a few publishing intervals every notification the server sent is here.
        await SetFrozenAsync(client, frozen, true, cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        var result = new SubscriberResult("hub", n1 - n0, seconds, cpu.TotalSeconds, peak, created.Count,
            subscription.LostMessageCount - lost0, Interlocked.Read(ref delivered), subscription.Id);

        await subscription.DeleteAsync(cancellationToken).ConfigureAwait(false);
        await counting.ConfigureAwait(false);
        return result;
    }

    private static async Task SetFrozenAsync(OpcUaClient client, ExpandedNodeId frozen, bool value, CancellationToken cancellationToken)
    {
        var status = await client.WriteValueAsync(frozen, Variant.FromBoolean(value), cancellationToken).ConfigureAwait(false);
        if (status.IsBad)
        {
            throw new InvalidOperationException($"Writing {frozen} failed: {status}");
        }
    }
}
