using System.Globalization;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>
/// The host side of Sparkplug B for one telemetry subscription: follows every edge node's session from its messages
/// (Sparkplug 3.0 sections 5 and 6) and turns them into readings. Births give the metrics' aliases and datatypes; the
/// seq of each message (0-255, wrapping) must follow the one before, and a gap, an alias never born, data from a node
/// never seen born or a payload that cannot be read asks the node for its births again (NCMD <c>Node
/// Control/Rebirth</c>, at most once per <see cref="RebirthInterval"/> until a birth answers). A death turns the
/// node's (or device's) numeric metrics into readings of quality <c>Offline</c> with their last values; an NDEATH
/// whose bdSeq is not that of the node's last birth is from an older session and changes nothing.
/// </summary>
/// <remarks>Not thread-safe: the adapter reads one batch at a time. The state lives in memory; after a restart the
/// first message of each node asks for its births.</remarks>
internal sealed partial class SparkplugSessions(int maxMetrics = SparkplugSessions.DefaultMaxMetrics)
{
    /// <summary>The most metrics one payload may carry; more are refused unread.</summary>
    public const int DefaultMaxMetrics = 10_000;

    /// <summary>How long a rebirth request is given before the hub asks again.</summary>
    public static readonly TimeSpan RebirthInterval = TimeSpan.FromSeconds(30);

    // Bounds on what hostile publishers can make the hub remember.
    private const int MaxEdgeNodes = 10_000;
    private const int MaxDevicesPerNode = 10_000;

    private readonly Dictionary<(string Group, string EdgeNode), SparkplugEdgeNode> _nodes = [];

    /// <summary>Reads one message received on <paramref name="topicName"/>.</summary>
    public SparkplugReadResult Read(string topicName, ReadOnlyMemory<byte> payloadBytes, DateTimeOffset receivedAt)
    {
        var result = new SparkplugReadResult();
        if (SparkplugTopic.TryParse(topicName, out var error) is not { } topic)
        {
            result.Problems.Add(error!);
            return result;
        }

        // Host application state and commands (the hub's own rebirth requests among them) carry no readings.
        if (topic.Type is SparkplugMessageType.STATE or SparkplugMessageType.NCMD or SparkplugMessageType.DCMD)
        {
            return result;
        }

        var node = FindNode(topic, result);
        if (node is null)
        {
            return result;
        }

        SparkplugPayload payload;
        try
        {
            payload = SparkplugPayloadReader.Read(payloadBytes, maxMetrics);
        }
        catch (SparkplugPayloadException ex)
        {
            result.Problems.Add(ex.Message);
            if (topic.Type != SparkplugMessageType.NDEATH)
            {
                // Whatever it carried is lost; the births say again what the node has.
                AskRebirth(node, result, receivedAt, $"a {topic.Type} payload could not be read");
            }

            return result;
        }

        switch (topic.Type)
        {
            case SparkplugMessageType.NBIRTH:
                NodeBirth(topic, node, payload, result, receivedAt);
                break;
            case SparkplugMessageType.NDEATH:
                NodeDeath(topic, node, payload, result, receivedAt);
                break;
            case SparkplugMessageType.DBIRTH when FollowSeq(topic, node, payload, result, receivedAt):
                var born = DeviceTable(topic, node, result, reset: true);
                if (born is not null)
                {
                    born.Online = true;
                    ReadMetrics(topic, node, born, payload, result, receivedAt, birth: true);
                }

                break;
            case SparkplugMessageType.DDEATH when FollowSeq(topic, node, payload, result, receivedAt):
                if (node.Devices.TryGetValue(topic.Device!, out var dead) && dead.Online)
                {
                    GoOffline(topic, topic.Device, dead, result, receivedAt);
                }

                break;
            case SparkplugMessageType.NDATA when FollowSeq(topic, node, payload, result, receivedAt):
                ReadMetrics(topic, node, node.Metrics, payload, result, receivedAt, birth: false);
                break;
            case SparkplugMessageType.DDATA when FollowSeq(topic, node, payload, result, receivedAt):
                if (DeviceTable(topic, node, result, reset: false) is { } table)
                {
                    ReadMetrics(topic, node, table, payload, result, receivedAt, birth: false);
                }

                break;
        }

        return result;
    }

    private SparkplugEdgeNode? FindNode(SparkplugTopic topic, SparkplugReadResult result)
    {
        var key = (topic.Group, topic.EdgeNode);
        if (_nodes.TryGetValue(key, out var node))
        {
            return node;
        }

        if (_nodes.Count >= MaxEdgeNodes)
        {
            result.Problems.Add(Invariant($"the hub already follows {MaxEdgeNodes} Sparkplug B edge nodes; {topic.Group}/{topic.EdgeNode} is one too many"));
            return null;
        }

        return _nodes[key] = new SparkplugEdgeNode();
    }

    private static SparkplugMetricTable? DeviceTable(SparkplugTopic topic, SparkplugEdgeNode node, SparkplugReadResult result, bool reset)
    {
        if (!reset && node.Devices.TryGetValue(topic.Device!, out var known))
        {
            return known;
        }

        if (!node.Devices.ContainsKey(topic.Device!) && node.Devices.Count >= MaxDevicesPerNode)
        {
            result.Problems.Add(Invariant($"edge node {topic.Group}/{topic.EdgeNode} already has {MaxDevicesPerNode} devices; {topic.Device} is one too many"));
            return null;
        }

        return node.Devices[topic.Device!] = new SparkplugMetricTable();
    }

    private void NodeBirth(SparkplugTopic topic, SparkplugEdgeNode node, SparkplugPayload payload, SparkplugReadResult result, DateTimeOffset receivedAt)
    {
        if (!SeqInRange(topic, payload, result))
        {
            AskRebirth(node, result, receivedAt, "its NBIRTH has no valid seq");
            return;
        }

        // A new session: everything known of the old one (aliases, devices) is void; the node publishes its DBIRTHs next.
        node.BirthSequence = BirthSequence(payload);
        if (node.BirthSequence is null)
        {
            result.Problems.Add("the NBIRTH has no bdSeq metric; a later NDEATH cannot be matched to this session and will not take the node offline");
        }

        node.Metrics = new SparkplugMetricTable { Online = true };
        node.Devices.Clear();
        node.Born = true;
        node.LastSeq = (int)payload.Seq!.Value;
        node.RebirthRequestedAt = null;
        ReadMetrics(topic, node, node.Metrics, payload, result, receivedAt, birth: true);
    }

    private static void NodeDeath(SparkplugTopic topic, SparkplugEdgeNode node, SparkplugPayload payload, SparkplugReadResult result, DateTimeOffset receivedAt)
    {
        var birthSequence = BirthSequence(payload);
        if (birthSequence is null)
        {
            result.Problems.Add("the NDEATH has no bdSeq metric, so it cannot be matched to the node's session; the node was not taken offline");
            return;
        }

        if (!node.Born)
        {
            result.Notice = Invariant($"NDEATH of {topic.Group}/{topic.EdgeNode} (bdSeq {birthSequence}), which is not online: nothing to do");
            return;
        }

        if (node.BirthSequence != birthSequence)
        {
            // Sparkplug 3.0 section 7.2 / 10.1.6: a death certificate of an earlier session (a will delivered late) is stale.
            result.Notice = Invariant($"stale NDEATH of {topic.Group}/{topic.EdgeNode} ignored: its bdSeq is {birthSequence}, the node's birth has {node.BirthSequence?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            return;
        }

        GoOffline(topic, null, node.Metrics, result, receivedAt);
        foreach (var (device, table) in node.Devices.Where(d => d.Value.Online))
        {
            GoOffline(topic, device, table, result, receivedAt);
        }

        node.Born = false;
        node.LastSeq = null;
    }

    // Sparkplug 3.0 section 6.4.2: every message of a node but NDEATH carries a seq one above the last, 255 wrapping to 0.
    private bool FollowSeq(SparkplugTopic topic, SparkplugEdgeNode node, SparkplugPayload payload, SparkplugReadResult result, DateTimeOffset receivedAt)
    {
        if (!SeqInRange(topic, payload, result))
        {
            node.LastSeq = null;
            AskRebirth(node, result, receivedAt, $"a {topic.Type} has no valid seq");
            return false;
        }

        var seq = (int)payload.Seq!.Value;
        if (!node.Born)
        {
            AskRebirth(node, result, receivedAt, $"a {topic.Type} came from a node the hub has not seen born");
        }
        else if (node.LastSeq is { } last && seq != (last + 1) % 256)
        {
            AskRebirth(node, result, receivedAt, Invariant($"seq {seq} followed {last}: {(seq - last + 255) % 256} message(s) missing"));
        }

        node.LastSeq = seq;
        return true;
    }

    private static bool SeqInRange(SparkplugTopic topic, SparkplugPayload payload, SparkplugReadResult result)
    {
        if (payload.Seq is not { } seq)
        {
            result.Problems.Add($"the {topic.Type} has no seq");
            return false;
        }

        if (seq > 255)
        {
            result.Problems.Add(Invariant($"the {topic.Type}'s seq {seq} is outside 0-255; its metrics were not read"));
            return false;
        }

        return true;
    }

    private static void AskRebirth(SparkplugEdgeNode node, SparkplugReadResult result, DateTimeOffset now, string reason)
    {
        if (node.RebirthRequestedAt is { } asked && now - asked < RebirthInterval)
        {
            return;
        }

        node.RebirthRequestedAt = now;
        result.RebirthReason ??= reason;
    }

    private static ulong? BirthSequence(SparkplugPayload payload) =>
        payload.Metrics.FirstOrDefault(m => m.Name == "bdSeq" && m.ValueField is SparkplugValueField.Long or SparkplugValueField.Int) is { } metric
            ? metric.Bits
            : null;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
