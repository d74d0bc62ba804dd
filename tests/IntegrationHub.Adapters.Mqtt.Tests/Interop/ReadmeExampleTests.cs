using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Transport;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Runs the example of Adapters/Mqtt/README.md (keep the two in step) against a TLS mosquitto with a password.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task ReadmeExample_Runs()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoOptions
        {
            Tls = true,
            Users = new Dictionary<string, string> { ["hub"] = "s3cret" },
        });
        string secret = "s3cret";
        var stored = new TaskCompletionSource<MqttApplicationMessage>();
        ValueTask StoreAsync(MqttApplicationMessage message, CancellationToken ct)
        {
            stored.TrySetResult(message);
            return ValueTask.CompletedTask;
        }

        CancellationToken ct = CancellationToken.None;

        // --- README example, with the host, port and CA file of the test broker ---
        await using var client = new MqttClient(
            new MqttClientOptions
            {
                Host = "localhost", Port = broker.TlsPort!.Value, ProtocolVersion = MqttProtocolVersion.V500,
                ClientId = "hub-1", CleanStart = false, SessionExpirySeconds = 3600,
                UserName = "hub", Password = secret,
                Tls = new MqttTlsOptions { CaFile = broker.Certificates!.CaFile },
            },
            async (message, ct) => await StoreAsync(message, ct));   // completion = PUBACK/PUBREC

        await client.ConnectAsync(ct);                               // throws MqttConnectException on refusal
        await client.SubscribeAsync([new MqttSubscription("$share/hub/plant/+/telemetry")], ct);
        var health = client.Health;                                  // State, LastError, LastMessageAt, counters
        // --- end of README example ---

        Assert.Equal(MqttClientState.Connected, health.State);
        await client.PublishAsync(new MqttApplicationMessage("plant/p1/telemetry", "{}"u8.ToArray()), ct);
        Assert.Equal("plant/p1/telemetry", (await stored.Task.WaitAsync(TimeSpan.FromSeconds(30))).Topic);
    }
}
