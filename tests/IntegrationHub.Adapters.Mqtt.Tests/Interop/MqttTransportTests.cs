using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Transport;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Opening the connection: name resolution, refused ports and a peer that never answers.</summary>
public sealed class MqttTransportTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Connect_HostName_ResolvedThenConnected()
    {
        MqttClientOptions options = TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500) with { Host = "localhost" };
        await using MqttClient client = await TestClients.ConnectAsync(options);
        Assert.Equal(MqttClientState.Connected, client.Health.State);
    }

    [Fact]
    public async Task Connect_NothingListening_ErrorNamesTheAddress()
    {
        int port = LoopbackPort.GetFree();
        await using var client = new MqttClient(TestClients.Options(port, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        var ex = await Assert.ThrowsAsync<MqttCommunicationException>(() => client.ConnectAsync());
        Assert.StartsWith($"Cannot connect to the MQTT broker at 127.0.0.1:{port}: ", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Connect_PeerNeverAcceptsTcp_TimesOutWithinConnectTimeout()
    {
        // A listener whose accept queue is full drops further SYNs, so the next connect waits in SYN_SENT.
        using var full = new TcpListener(IPAddress.Loopback, 0);
        full.Start(backlog: 1);
        int port = ((IPEndPoint)full.LocalEndpoint).Port;
        var fillers = new List<Socket>();
        try
        {
            while (true)
            {
                var filler = new Socket(SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                Assert.True(fillers.Count < 50, "The listen backlog never filled up.");
            }

            var clock = new ManualTimeProvider();
            MqttClientOptions options = TestClients.Options(port, MqttProtocolVersion.V500) with { ConnectTimeout = TimeSpan.FromSeconds(1), TimeProvider = clock };
            await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
            MqttCommunicationException ex = await TimesOutOnTheClientsClockAsync(client, clock);
            Assert.Equal($"Connecting to the MQTT broker at 127.0.0.1:{port} timed out after 1 s.", ex.Message);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Connect_PeerNeverAnswersTlsHandshake_TimesOutWithinConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var clock = new ManualTimeProvider();
        MqttClientOptions options = TestClients.Options(port, MqttProtocolVersion.V500) with
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
            Tls = new MqttTlsOptions { AllowUntrustedCertificates = true },
            TimeProvider = clock,
        };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        MqttCommunicationException ex = await TimesOutOnTheClientsClockAsync(client, clock);
        Assert.Equal($"Connecting to the MQTT broker at 127.0.0.1:{port} timed out after 1 s.", ex.Message);
    }

    /// <summary>
    /// The connect timeout is on the client's clock (issue 16: wall-clock bounds failed under load): the attempt is
    /// still waiting when the clock is moved by the timeout, and that alone ends it.
    /// </summary>
    private static async Task<MqttCommunicationException> TimesOutOnTheClientsClockAsync(MqttClient client, ManualTimeProvider clock)
    {
        Task connecting = client.ConnectAsync();
        await Eventually.WaitAsync(() => clock.TimersCreated >= 1 || connecting.IsCompleted, TimeSpan.FromSeconds(60), () => "the connect timeout was never armed");
        Assert.False(connecting.IsCompleted, "the connect attempt ended before its timeout: " + connecting.Exception?.GetBaseException().Message);
        clock.Advance(TimeSpan.FromSeconds(1));
        return await Assert.ThrowsAsync<MqttCommunicationException>(() => connecting.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
