using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Sparkplug;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>Subscriptions of shape <see cref="ReadingsShape.SparkplugB"/> (issue 22 item 4).</summary>
public sealed partial class MqttTelemetryAdapter
{
    // Shown in a dead letter's reason: the first problems of a message, enough to fix the publisher.
    private const int ProblemsShown = 5;

    /// <summary>What is wrong with a Sparkplug B subscription (its topic, a shared group), or null; the hub checks it at start.</summary>
    public static string? SparkplugFeedError(TelemetrySubscription subscription)
    {
        if (!subscription.Topic.StartsWith(SparkplugTopic.Namespace + "/", StringComparison.Ordinal))
        {
            return $"a SparkplugB subscription's topic starts with {SparkplugTopic.Namespace}/, for example {SparkplugTopic.Namespace}/# or {SparkplugTopic.Namespace}/plant1/#; '{subscription.Topic}' does not";
        }

        // Sparkplug follows each edge node's seq from message to message; a shared group hands each node's messages to
        // several hubs, and every one of them would see gaps and ask for rebirths without end.
        return subscription.SharedGroup is null
            ? null
            : $"a SparkplugB subscription cannot use SharedGroup '{subscription.SharedGroup}': one hub must see every message of an edge node to follow its seq";
    }

    private void ReadSparkplug(
        SparkplugSessions sessions, TelemetrySubscription subscription, MqttApplicationMessage message, DateTimeOffset receivedAt,
        List<SourceRecord> records, List<UnreadableMessage> unreadable, List<string> rebirths)
    {
        var result = sessions.Read(message.Topic, message.Payload, receivedAt);
        foreach (var fields in result.Readings)
        {
            fields["topic"] = message.Topic;
            records.Add(new SourceRecord(subscription.Source, message.Topic, fields, receivedAt));
        }

        if (result.Problems.Count > 0)
        {
            var shown = string.Join("; ", result.Problems.Take(ProblemsShown));
            var more = result.Problems.Count > ProblemsShown ? $"; and {result.Problems.Count - ProblemsShown} more" : string.Empty;
            unreadable.Add(new UnreadableMessage(subscription.Source, message.Topic, message.Payload, $"Sparkplug B: {shown}{more}"));
        }

        // The topic parsed, or there would be no rebirth, notice or death; its ids hold no control characters.
        if (result.Notice is { } notice)
        {
            SparkplugLog.Notice(_logger, notice);
        }

        if (result.WentOffline)
        {
            SparkplugLog.WentOffline(_logger, message.Topic);
        }

        if (result.RebirthReason is { } reason && SparkplugTopic.TryParse(message.Topic, out _) is { } topic)
        {
            SparkplugLog.RebirthRequested(_logger, topic.Group, topic.EdgeNode, topic.CommandTopic, reason);
            rebirths.Add(topic.CommandTopic);
        }
    }

    // Sent after the batch is stored, at QoS 0 as edge nodes subscribe to commands; a lost request is asked again by the
    // node's next message once SparkplugSessions.RebirthInterval has passed.
    private async Task RequestRebirthsAsync(List<string> commandTopics, CancellationToken cancellationToken)
    {
        foreach (var topic in commandTopics.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var request = new MqttApplicationMessage(topic, SparkplugPayloadWriter.Rebirth(_time.GetUtcNow()), MqttQualityOfService.AtMostOnce);
                await _client.PublishAsync(request, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _rebirthRequests);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or IOException)
            {
                SparkplugLog.RebirthNotSent(_logger, topic, ex.Message);
            }
        }
    }

    private sealed record Feed(TelemetrySubscription Subscription, TopicTemplate Template, JsonTelemetryReader? Reader, SparkplugSessions? Sparkplug);
}
