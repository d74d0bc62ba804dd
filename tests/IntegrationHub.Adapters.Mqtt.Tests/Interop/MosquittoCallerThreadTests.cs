using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// The caller's code never runs on a connection's receive thread. It did after ConnectAsync (issue 16 item 8): CONNACK
/// completed the connect on that thread, so a caller that went on to publish while the connection was cut kept the
/// thread that had to notice the cut, and the client hung.
/// </summary>
public sealed class MosquittoCallerThreadTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task CodeAfterConnectWaitsForACut_TheClientStillNoticesIt(MqttProtocolVersion version)
    {
        await using var forwarder = new TcpForwarder(fixture.Broker.Port);
        string? thread = null;
        bool noticed = false;

        // CONNACK is held back until the client has sent CONNECT and waits for the answer, so that the answer completes
        // that wait on the receive thread (the case that hung) rather than being there already.
        forwarder.HoldDownstream();

        // On the thread pool, without xunit's synchronisation context, like the hub's own callers: a continuation
        // then runs wherever the awaited task completes.
        Task<MqttClient> caller = Task.Run(async () =>
        {
            MqttClient connected = await TestClients.ConnectAsync(TestClients.Options(forwarder.Port, version));

            // No await between the connect and this wait: this is the thread that completed ConnectAsync.
            thread = Thread.CurrentThread.Name;
            forwarder.CutAll();
            noticed = SpinWait.SpinUntil(() => connected.Health.State != MqttClientState.Connected, TimeSpan.FromSeconds(60));
            return connected;
        });
        await Eventually.WaitAsync(() => forwarder.BytesUpstream > 0, TimeSpan.FromSeconds(60), () => "CONNECT not sent");
        await Task.Delay(100); // only makes the old fault likelier (the client is waiting by then): the verdict does not depend on it
        forwarder.ReleaseDownstream();
        await using MqttClient client = await caller;

        Assert.True(noticed, $"the client did not notice the cut while the code after ConnectAsync waited on thread '{thread}'");
        Assert.NotEqual("MQTT receive", thread);
        await Eventually.WaitAsync(() => client.Health.State == MqttClientState.Connected && forwarder.Accepted >= 2, TimeSpan.FromSeconds(60), () => client.Health.State.ToString());
    }
}
