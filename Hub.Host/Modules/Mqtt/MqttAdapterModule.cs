using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>
/// The MQTT telemetry adapter (<c>Hub:Mqtt</c>), off unless <c>Enabled</c>: its session, leased when telemetry is
/// shared among nodes, and the adoption of a dead node's session (<c>AddMqttTelemetry</c>).
/// </summary>
internal sealed class MqttAdapterModule : HubAdapterModule<MqttOptions>
{
    public override string Name => "mqtt";

    public override string Section => "Hub:Mqtt";

    public override IReadOnlyList<string> Validate(MqttOptions options) => MqttOptionsValidator.Validate(options, Section);

    protected override IEnumerable<MappingSourceSetting> MappingSources(MqttOptions options) =>
        options.Enabled
            ? options.Subscriptions.Select((s, i) => new MappingSourceSetting(s.Source, $"{Setting(nameof(options.Subscriptions))}:{i}:{nameof(s.Source)}"))
            : [];

    protected override void AddServices(IServiceCollection services, MqttOptions options, HubOptions hub)
    {
        if (options.Enabled)
        {
            services.AddMqttTelemetry(options, hub);
        }
    }
}
