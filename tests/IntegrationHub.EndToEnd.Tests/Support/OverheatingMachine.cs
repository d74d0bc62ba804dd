using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.EndToEnd.Tests.Support;

/// <summary>A customer's machine overheating: readings every 5 s for a minute, 95 °C and more, at QoS 1 through the broker.</summary>
internal static class OverheatingMachine
{
    public static async Task PublishAsync(int brokerPort, string customerCode, string assetId)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        await using var device = new MqttClient(new MqttClientOptions { Port = brokerPort, ClientId = assetId }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();
        for (var i = 0; i < 12; i++)
        {
            var ts = start.AddSeconds(5 * i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            var payload = $$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{95 + (i % 3)}}.0,"unit":"°C"}]}""";
            await device.PublishAsync(new MqttApplicationMessage($"plant/{customerCode}/{assetId}/telemetry", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce));
        }
    }
}
