using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>A QoS 1/2 publication of ours that the broker has not finished acknowledging; kept across reconnects and resent (section 4.4).</summary>
internal sealed class OutgoingPublish
{
    public OutgoingPublish(PublishPacket packet, long sequence)
    {
        Packet = packet;
        Sequence = sequence;
    }

    public PublishPacket Packet { get; }

    /// <summary>Gets the order of first send, so that resends keep the original order.</summary>
    public long Sequence { get; }

    /// <summary>Gets or sets whether PUBREC arrived (QoS 2): from then on PUBREL is what gets resent.</summary>
    public bool Released { get; set; }

    /// <summary>Gets or sets whether PUBREL was resent after a reconnect: a PUBCOMP 0x92 then means "already completed".</summary>
    public bool PubRelResent { get; set; }

    public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
