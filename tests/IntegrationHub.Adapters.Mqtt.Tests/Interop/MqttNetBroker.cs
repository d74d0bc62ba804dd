using System.Net;
using System.Net.Sockets;
using IntegrationHub.Tests.Common.Mqtt;
using MQTTnet.Server;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// MQTTnet.Server 5.2 (NuGet), a third broker independent of mosquitto and aedes, run inside the test process on an
/// OS-chosen port of 127.0.0.1 (IPv4 loopback only; its IPv6 listener is switched off). Configured to behave as the
/// standard and the other test brokers do where its defaults differ (docs/adapters/mqtt.md, "Tested brokers"):
/// sessions persist (its default forgets every session at disconnect), the per-client queue is raised like mosquitto's
/// max_queued_messages (its default of 1000 silently drops the oldest), and a v5 client with an empty client id gets
/// one assigned (its default refuses it with 0x85).
/// </summary>
public sealed class MqttNetBroker : IAsyncDisposable
{
    private const int PortAttempts = 5;
    private readonly MqttServer _server;
    private readonly MqttNetWarningLog _log;
    private long _dropped;

    private MqttNetBroker(MqttServer server, int port, MqttNetWarningLog log)
    {
        _server = server;
        _log = log;
        Port = port;
        server.ApplicationMessageEnqueuedOrDroppedAsync += e =>
        {
            if (e.IsDropped)
            {
                Interlocked.Increment(ref _dropped);
            }

            return Task.CompletedTask;
        };
        server.ValidatingConnectionAsync += AssignClientIdWhenEmpty;
    }

    public int Port { get; }

    /// <summary>Gets how many messages the broker dropped from a client's queue (should stay 0; named in failures).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Gets the broker's recent warnings and errors, for the message of a failing test.</summary>
    public string RecentLog => _log.Text;

    public static async Task<MqttNetBroker> StartAsync()
    {
        // The free port is found first and bound afterwards, as for mosquitto and aedes: another process may take it
        // in between, so a failed bind is retried on a new port a few times.
        for (int attempt = 1; ; attempt++)
        {
            int port = LoopbackPort.GetFree();
            var log = new MqttNetWarningLog();
            var factory = new MqttServerFactory(log);
            MqttServerOptions options = factory.CreateServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(port)
                .WithPersistentSessions()
                .WithMaxPendingMessagesPerClient(1_000_000)
                .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage)
                .Build();
            var broker = new MqttNetBroker(factory.CreateMqttServer(options), port, log);
            try
            {
                await broker._server.StartAsync().ConfigureAwait(false);
                await LoopbackPort.WaitUntilAcceptingAsync(port, () => broker._server.IsStarted, TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
                return broker;
            }
            catch (Exception ex) when (attempt < PortAttempts && ex is SocketException or InvalidOperationException)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                string recent = broker.RecentLog;
                await broker.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"MQTTnet.Server did not start on 127.0.0.1:{port}: {ex.Message}{Environment.NewLine}{recent}", ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }

        _server.Dispose();
    }

    // MQTT 5.0 section 3.1.3.1: a server that accepts an empty client id must assign one and return it in CONNACK;
    // MQTTnet leaves the assignment to the application. 3.1.1 has no way to return it, and MQTTnet refuses that case.
    private static Task AssignClientIdWhenEmpty(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId) && e.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500)
        {
            e.AssignedClientIdentifier = "mqttnet-" + Guid.NewGuid().ToString("N")[..12];
        }

        return Task.CompletedTask;
    }
}
