using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

internal static class TestClients
{
    private static int _counter;

    public static string NewId(string prefix) => prefix + "-" + Environment.ProcessId + "-" + Interlocked.Increment(ref _counter);

    public static MqttClientOptions Options(int port, MqttProtocolVersion version, string? clientId = null) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ProtocolVersion = version,
        ClientId = clientId ?? NewId("c"),
        KeepAlive = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaximumDelay = TimeSpan.FromSeconds(1) },
    };

    public static async Task<MqttClient> ConnectAsync(MqttClientOptions options, MessageCollector? collector = null)
    {
        collector ??= new MessageCollector();
        var client = new MqttClient(options, collector.HandleAsync);
        await client.ConnectAsync();
        return client;
    }
}
