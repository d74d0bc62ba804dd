using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The chaos test's judge of the broker's side of QoS 2: it must find a resent PUBLISH after PUBREL, and only that.</summary>
public sealed class MosquittoQos2AuditTests
{
    // Trimmed from the log of a failed chaos run against mosquitto 2.0.11 (issue 16 item 8): connection 29 closed
    // right after its CONNACK, and on connection 30 the broker resent PUBLISH for 1632, whose PUBREL it had sent on 28.
    private const string BrokerResentAfterPubRel = """
        1796590575: Sending PUBLISH to sub-5 (d0, q2, r0, m1632, 'chaos/c-4', ... (4 bytes))
        1796590575: Sending PUBLISH to sub-5 (d0, q2, r0, m1633, 'chaos/c-4', ... (4 bytes))
        1796590576: Sending CONNACK to sub-5 (1, 0)
        1796590576: Sending PUBLISH to sub-5 (d1, q2, r0, m1632, 'chaos/c-4', ... (4 bytes))
        1796590576: Sending PUBLISH to sub-5 (d1, q2, r0, m1633, 'chaos/c-4', ... (4 bytes))
        1796590576: Received PUBREC from sub-5 (Mid: 1632)
        1796590576: Sending PUBREL to sub-5 (m1632)
        1796590576: Received PUBREC from sub-5 (Mid: 1633)
        1796590576: Sending PUBREL to sub-5 (m1633)
        1796590576: Client sub-5 closed its connection.
        1796590576: Sending CONNACK to sub-5 (1, 0)
        1796590576: Client sub-5 closed its connection.
        1796590577: Sending CONNACK to sub-5 (1, 0)
        1796590577: Sending PUBLISH to sub-5 (d1, q2, r0, m1632, 'chaos/c-4', ... (4 bytes))
        1796590577: Sending PUBLISH to sub-5 (d1, q2, r0, m1633, 'chaos/c-4', ... (4 bytes))
        1796590577: Received PUBREC from sub-5 (Mid: 1632)
        1796590577: Sending PUBREL to sub-5 (m1632)
        1796590577: Received PUBCOMP from sub-5 (Mid: 1632, RC:0)
        """;

    [Fact]
    public void PublishResentAfterItsPubRel_IsFound_OncePerResend()
    {
        var audit = MosquittoQos2Audit.Read(BrokerResentAfterPubRel, "sub-5");

        Assert.Equal([1632, 1633], audit.PublishesAfterPubRel);
        Assert.Equal(2, audit.Exchanges);
    }

    [Fact]
    public void ResentPubRel_CompletedExchange_AndOtherClients_AreNotViolations()
    {
        const string log = """
            1: Sending PUBLISH to sub-5 (d0, q2, r0, m7, 't', ... (1 bytes))
            1: Received PUBREC from sub-5 (Mid: 7)
            1: Sending PUBREL to sub-5 (m7)
            1: Sending CONNACK to sub-5 (1, 0)
            1: Sending PUBREL to sub-5 (m7)
            1: Received PUBCOMP from sub-5 (Mid: 7, RC:0)
            1: Sending PUBLISH to sub-5 (d0, q2, r0, m7, 't', ... (1 bytes))
            1: Sending PUBLISH to sub-5 (d1, q2, r0, m7, 't', ... (1 bytes))
            1: Sending PUBREL to sub-50 (m8)
            1: Sending PUBLISH to sub-50 (d1, q2, r0, m8, 't', ... (1 bytes))
            1: Sending PUBREL to sub-5 (m9)
            1: Sending PUBLISH to sub-5 (d1, q1, r0, m9, 't', ... (1 bytes))
            """;

        var audit = MosquittoQos2Audit.Read(log, "sub-5");

        Assert.Empty(audit.PublishesAfterPubRel);
        Assert.Equal(2, audit.Exchanges);
    }
}
