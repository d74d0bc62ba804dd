using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Telemetry;

namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>Checks <c>Hub:Mqtt</c> when enabled: the broker, the protocol, TLS files, shared groups and every subscription.</summary>
internal static class MqttOptionsValidator
{
    /// <summary>Every problem of <paramref name="mqtt"/>, bound at <paramref name="section"/>; none while it is off.</summary>
    public static IReadOnlyList<string> Validate(MqttOptions mqtt, string section)
    {
        var errors = new List<string>();
        if (!mqtt.Enabled)
        {
            return errors;
        }

        string At(string relative) => $"{section}:{relative}";

        if (string.IsNullOrWhiteSpace(mqtt.Host))
        {
            errors.Add($"{At(nameof(mqtt.Host))} is empty. Set it to the broker's host name or address, for example 127.0.0.1.");
        }

        if (mqtt.Port is < 1 or > 65535)
        {
            errors.Add($"{At(nameof(mqtt.Port))} is {mqtt.Port}. Use 1 to 65535: 1883 for MQTT, 8883 for MQTT over TLS.");
        }

        if (mqtt.ProtocolVersion is not (4 or 5))
        {
            errors.Add($"{At(nameof(mqtt.ProtocolVersion))} is {mqtt.ProtocolVersion}. Use 5 (MQTT 5.0) or 4 (MQTT 3.1.1).");
        }

        if (mqtt.KeepAlive < TimeSpan.FromSeconds(1) || mqtt.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            errors.Add($"{At(nameof(mqtt.KeepAlive))} is {mqtt.KeepAlive}. Use 00:00:01 to 18:12:15; 00:00:30 is a good default.");
        }

        if (mqtt.MaximumPacketSize is < 128 or > 268_435_460)
        {
            errors.Add($"{At(nameof(mqtt.MaximumPacketSize))} is {mqtt.MaximumPacketSize}. Use 128 to 268435460 bytes; 1048576 (1 MiB) is the default.");
        }

        if (mqtt.MaxClockSkew < TimeSpan.Zero || mqtt.MaxClockSkew > TimeSpan.FromDays(1))
        {
            errors.Add($"{At(nameof(mqtt.MaxClockSkew))} is {mqtt.MaxClockSkew}. Use 00:00:00 to 1.00:00:00; 00:05:00 is the default.");
        }

        foreach (var (key, file) in new[] { (nameof(mqtt.Tls.CaFile), mqtt.Tls.CaFile), (nameof(mqtt.Tls.ClientCertificateFile), mqtt.Tls.ClientCertificateFile), (nameof(mqtt.Tls.ClientKeyFile), mqtt.Tls.ClientKeyFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{At(nameof(mqtt.Tls))}:{key} names '{file}', which does not exist.");
            }
        }

        if (mqtt.Tls.ClientKeyFile is not null && mqtt.Tls.ClientCertificateFile is null)
        {
            errors.Add($"{At(nameof(mqtt.Tls))}:{nameof(mqtt.Tls.ClientKeyFile)} is set but {nameof(mqtt.Tls.ClientCertificateFile)} is not. Name the certificate that goes with the key.");
        }

        // Issue 18 item 2: MQTT 5.0 section 4.8.2, a ShareName is at least one character and holds no '/', '+' or '#'.
        if (mqtt.SharedGroup is { } sharedGroup)
        {
            if (sharedGroup.Length == 0 || sharedGroup.AsSpan().IndexOfAny("/+#") >= 0 || sharedGroup.Any(char.IsControl))
            {
                errors.Add($"{At(nameof(mqtt.SharedGroup))} is '{LogText.Escape(sharedGroup)}'. Use a name of one or more characters without '/', '+', '#' or control characters (MQTT 5.0 section 4.8.2), for example integrationhub.");
            }

            if (mqtt.ProtocolVersion == 4)
            {
                errors.Add($"{At(nameof(mqtt.SharedGroup))} is set but {At(nameof(mqtt.ProtocolVersion))} is 4: shared subscriptions need MQTT 5.0 (a 3.1.1 broker may accept $share/... and deliver nothing). Set {At(nameof(mqtt.ProtocolVersion))}=5 or remove {At(nameof(mqtt.SharedGroup))}.");
            }
        }

        if (mqtt.Subscriptions.Count == 0)
        {
            errors.Add($"{section} is enabled but has no {nameof(mqtt.Subscriptions)}. Add one, for example {At(nameof(mqtt.Subscriptions))}:0:Source=plant-telemetry and {At(nameof(mqtt.Subscriptions))}:0:Topic=plant/{{site}}/{{asset}}/telemetry.");
        }

        for (var i = 0; i < mqtt.Subscriptions.Count; i++)
        {
            var subscription = mqtt.Subscriptions[i];
            var name = $"{At(nameof(mqtt.Subscriptions))}:{i}";
            if (string.IsNullOrWhiteSpace(subscription.Source))
            {
                errors.Add($"{name}:{nameof(subscription.Source)} is empty. Name the source whose mapping reads these messages.");
            }

            if (TopicTemplate.TryParse(subscription.Topic ?? string.Empty, out var topicError) is null)
            {
                errors.Add($"{name}:{nameof(subscription.Topic)}: {topicError}.");
            }

            if (subscription.SharedGroup is not null && mqtt.ProtocolVersion == 4)
            {
                errors.Add($"{name}:{nameof(subscription.SharedGroup)} is set but {At(nameof(mqtt.ProtocolVersion))} is 4: shared subscriptions need MQTT 5.0 (a 3.1.1 broker may accept $share/... and deliver nothing). Set {At(nameof(mqtt.ProtocolVersion))}=5 or remove the SharedGroup.");
            }

            if (subscription.Shape == ReadingsShape.SparkplugB)
            {
                // The hub-wide SharedGroup applies to this subscription too (MqttOptions.EffectiveSubscriptions).
                var effective = subscription.SharedGroup is null && mqtt.SharedGroup is { Length: > 0 } group ? subscription with { SharedGroup = group } : subscription;
                if (subscription.Topic is not null && MqttTelemetryAdapter.SparkplugFeedError(effective) is { } sparkplugError)
                {
                    errors.Add($"{name}: {sparkplugError}.");
                }
            }
            else if (subscription.Shape != ReadingsShape.Single && string.IsNullOrWhiteSpace(subscription.ReadingsPath))
            {
                errors.Add($"{name}:{nameof(subscription.ReadingsPath)} is empty. A {subscription.Shape} payload needs the path of its readings, for example 'readings'.");
            }
        }

        return errors;
    }
}
