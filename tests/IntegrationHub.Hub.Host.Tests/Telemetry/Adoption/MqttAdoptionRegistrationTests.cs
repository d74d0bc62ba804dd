using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Telemetry.Adoption;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Adoption;

/// <summary>
/// When the adoption runs (issue 18): the node's own session is always leased work <c>mqtt/&lt;ClientId&gt;</c>, taken as
/// the host starts; dead nodes' sessions are adopted only with a shared group (for all subscriptions or on one of its
/// own) and a persistent session. No broker is needed: the client retries an unused port meanwhile.
/// </summary>
public sealed class MqttAdoptionRegistrationTests
{
    [Theory]
    [InlineData("--Hub:Mqtt:SharedGroup=hubs", true)]
    [InlineData("--Hub:Mqtt:Subscriptions:0:SharedGroup=hubs", true)]
    [InlineData("--Hub:Mqtt:KeepAlive=00:00:30", false)]
    public async Task OwnSessionLeasedAtStart_AdoptionOnlyWithASharedGroup(string setting, bool adopts)
    {
        await using var hub = await TestHub.StartAsync(
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={LoopbackPort.GetFree()}",
            "--Hub:Mqtt:ClientId=hub-registration-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            setting);

        Assert.NotNull(hub.Services.GetServices<LeasedWork>().Single(w => w.Name == "mqtt/hub-registration-test").Held);
        Assert.Equal(adopts, hub.Services.GetServices<MqttSessionAdoption>().Any());
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
    }
}
