using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

public sealed class MosquittoFixture : IAsyncLifetime
{
    public MosquittoBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>A mosquitto that logs every packet, for tests that audit the broker's side of a QoS 2 exchange.</summary>
public sealed class PacketLoggingMosquittoFixture : IAsyncLifetime
{
    public MosquittoBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await MosquittoBroker.StartAsync(new MosquittoOptions { LogPackets = true });

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

public sealed class AedesFixture : IAsyncLifetime
{
    public AedesBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await AedesBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>MQTTnet.Server in the test process, started once for all the classes of <see cref="MqttNetBrokerCollection"/>.</summary>
public sealed class MqttNetFixture : IAsyncLifetime
{
    public MqttNetBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await MqttNetBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}
