using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Hub.Host.Modules.Mqtt;
using IntegrationHub.Hub.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mqtt.Adoption;

/// <summary>
/// When the adoption runs (issue 18): only with a shared group (for all subscriptions or on one of its own) and a
/// persistent session; then the node's own session is leased work <c>mqtt/&lt;ClientId&gt;</c>, taken as the host starts.
/// Otherwise the session runs unleased, as before. No broker is needed: the client retries an unused port meanwhile.
/// </summary>
public sealed class MqttAdoptionRegistrationTests
{
    [Theory]
    [InlineData("--Hub:Mqtt:SharedGroup=hubs", true)]
    [InlineData("--Hub:Mqtt:Subscriptions:0:SharedGroup=hubs", true)]
    [InlineData("--Hub:Mqtt:KeepAlive=00:00:30", false)]
    public async Task AdoptionAndLeasedOwnSession_OnlyWithASharedGroup_LeaseTakenAtStart(string setting, bool adopts)
    {
        await using var hub = await TestHub.StartAsync(
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={LoopbackPort.GetFree()}",
            "--Hub:Mqtt:ClientId=hub-registration-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            setting);

        var own = hub.Services.GetServices<LeasedWork>().SingleOrDefault(w => w.Name == "mqtt/hub-registration-test");
        Assert.Equal(adopts, own is not null);
        Assert.Equal(adopts, own?.Held is not null);
        Assert.Equal(adopts, hub.Services.GetServices<MqttSessionAdoption>().Any());
        Assert.Contains(hub.Services.GetServices<IHostedService>(), s => s is MqttTelemetryService || (s is LeasedWork w && w.Name == "mqtt/hub-registration-test"));
    }

    [Fact]
    public async Task SharedGroupWithoutPersistentSession_NoAdoption()
    {
        await using var hub = await TestHub.StartAsync(
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={LoopbackPort.GetFree()}",
            "--Hub:Mqtt:ClientId=hub-registration-test",
            "--Hub:Mqtt:SharedGroup=hubs",
            "--Hub:Mqtt:SessionExpiry=00:00:00",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry");

        Assert.Empty(hub.Services.GetServices<MqttSessionAdoption>());
        Assert.DoesNotContain(hub.Services.GetServices<LeasedWork>(), w => w.Name.StartsWith("mqtt/", StringComparison.Ordinal));
    }
}
