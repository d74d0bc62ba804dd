namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Topic name and topic filter rules (MQTT 5.0 section 4.7), checked before anything is sent.</summary>
internal static class MqttTopic
{
    public static void ValidateName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0)
        {
            throw new ArgumentException("A topic name must not be empty [MQTT-4.7.3-1].", nameof(topic));
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"The topic name '{topic}' contains a wildcard; wildcards are for subscriptions only [MQTT-3.3.2-2].", nameof(topic));
        }

        ValidateCommon(topic, nameof(topic));
    }

    public static void ValidateFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length == 0)
        {
            throw new ArgumentException("A topic filter must not be empty [MQTT-4.7.3-1].", nameof(filter));
        }

        ValidateCommon(filter, nameof(filter));
        string[] levels = filter.Split('/');
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            // $share/{ShareName}/{filter}: the share name has no wildcards and the filter is not empty (section 4.8.2).
            if (levels.Length < 3 || levels[1].Length == 0 || levels[1].AsSpan().IndexOfAny('+', '#') >= 0)
            {
                throw new ArgumentException($"The shared subscription '{filter}' must be $share/<group>/<filter> with a group name free of wildcards [MQTT-4.8.2-1].", nameof(filter));
            }
        }

        for (int i = 0; i < levels.Length; i++)
        {
            string level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                throw new ArgumentException($"In the topic filter '{filter}', '#' must be a whole level and the last one [MQTT-4.7.1-1].", nameof(filter));
            }

            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                throw new ArgumentException($"In the topic filter '{filter}', '+' must occupy a whole level [MQTT-4.7.1-2].", nameof(filter));
            }
        }
    }

    private static void ValidateCommon(string value, string parameter)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A topic must not contain U+0000 [MQTT-4.7.3-2].", parameter);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(value) > ushort.MaxValue)
        {
            throw new ArgumentException("A topic is at most 65,535 bytes of UTF-8 [MQTT-4.7.3-3].", parameter);
        }
    }
}
