using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>The client against a scripted peer: exact packets and orders that a real broker cannot be made to produce.</summary>
public sealed class MqttClientWireTests
{
    private const string ConnAckV5 = "2003000000";     // session present 0, success, no properties
    private const string ConnAckV3 = "20020000";

    private static MqttClientOptions Options(FakeBroker broker, MqttProtocolVersion version) => TestClients.Options(broker.Port, version, "wire");

    [Fact]
    public async Task Connect_V5_SendsOurLimitsAndHonoursServerReceiveMaximum()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500) with { SessionExpirySeconds = 120 }, (_, _) => ValueTask.CompletedTask);
        Task<MqttConnectResult> connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        ConnectPacket connect = await session.HandshakeAsync("2006000003210002"); // CONNACK with Receive Maximum 2
        MqttConnectResult result = await connecting;
        Assert.Equal((ushort)2, result.ServerReceiveMaximum);
        Assert.Equal(120u, connect.Properties!.SessionExpiryInterval);
        Assert.Equal((ushort)100, connect.Properties.ReceiveMaximum);
        Assert.Equal(1024u * 1024, connect.Properties.MaximumPacketSize);
        Assert.Equal((ushort)64, connect.Properties.TopicAliasMaximum);

        // Five QoS 1 publications, then a QoS 0 marker: only two may be in flight, so the marker overtakes the third.
        Task<MqttPublishResult>[] publishes = [.. Enumerable.Range(0, 5).Select(i => client.PublishAsync(new MqttApplicationMessage("t", new[] { (byte)i })))];
        Task marker = client.PublishAsync(new MqttApplicationMessage("m", "!"u8.ToArray(), MqttQualityOfService.AtMostOnce));
        PublishPacket first = await session.ReadAsync<PublishPacket>();
        PublishPacket second = await session.ReadAsync<PublishPacket>();
        Assert.Equal("m", (await session.ReadAsync<PublishPacket>()).Topic);
        await marker;
        await session.SendAsync("4002" + first.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        PublishPacket third = await session.ReadAsync<PublishPacket>();
        Assert.Equal(new byte[] { 2 }, third.Payload.ToArray());
        Assert.True((await publishes[0].WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        Assert.NotEqual(first.PacketId, second.PacketId);
    }

    [Fact]
    public async Task Receive_HandlerNotDone_NoAcknowledgementUntilItCompletes()
    {
        await using var broker = new FakeBroker();
        using var gate = new SemaphoreSlim(0);
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V311), async (_, ct) => await gate.WaitAsync(ct));
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(ConnAckV3);
        await connecting;

        await session.SendAsync("3208 0003612f62 0007 7878"); // PUBLISH QoS 1, id 7, "a/b", "xx"
        await client.PublishAsync(new MqttApplicationMessage("marker", "1"u8.ToArray(), MqttQualityOfService.AtMostOnce));

        // Our writes are FIFO: had a PUBACK been sent before the handler finished, it would come before the marker.
        Assert.Equal("marker", (await session.ReadAsync<PublishPacket>()).Topic);
        gate.Release();
        Assert.Equal(7, (await session.ReadAsync<PubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task ReceiveQos2_DuplicateBeforePubRel_AnsweredButDeliveredOnce()
    {
        await using var broker = new FakeBroker();
        int delivered = 0;
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500), (_, _) =>
        {
            Interlocked.Increment(ref delivered);
            return ValueTask.CompletedTask;
        });
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        await session.SendAsync("3407 0001 71 0009 00 7a");      // PUBLISH QoS 2, id 9, topic "q", no properties, "z"
        Assert.Equal(9, (await session.ReadAsync<PubRecPacket>()).PacketId);
        await session.SendAsync("3c07 0001 71 0009 00 7a");      // the same with DUP
        Assert.Equal(9, (await session.ReadAsync<PubRecPacket>()).PacketId);
        await session.SendAsync("62020009");                      // PUBREL 9
        Assert.Equal(9, (await session.ReadAsync<PubCompPacket>()).PacketId);
        Assert.Equal(1, Volatile.Read(ref delivered));
    }

    [Fact]
    public async Task TopicAlias_Inbound_EmptyTopicResolvedFromAlias()
    {
        await using var broker = new FakeBroker();
        var collector = new MessageCollector();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500), collector.HandleAsync);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        await session.SendAsync("300a 0003612f62 03 230005 31");  // "a/b" and alias 5, payload "1"
        await session.SendAsync("3007 0000 03 230005 32");        // empty topic, alias 5, payload "2"
        await collector.WaitForCountAsync(2);
        Assert.All(collector.Messages, m => Assert.Equal("a/b", m.Topic));
        Assert.Equal(["1", "2"], collector.Payloads);
    }

    [Fact]
    public async Task Subscribe_OneFilterRefused_ResultsPerFilter()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        Task<IReadOnlyList<MqttSubscribeResult>> subscribing = client.SubscribeAsync(
            [new MqttSubscription("ok/#", MqttQualityOfService.ExactlyOnce) { NoLocal = true, RetainHandling = MqttRetainHandling.DoNotSend }, new MqttSubscription("$share/g/secret")]);
        SubscribePacket subscribe = await session.ReadAsync<SubscribePacket>();
        Assert.True(subscribe.Subscriptions[0].NoLocal);
        Assert.Equal(MqttRetainHandling.DoNotSend, subscribe.Subscriptions[0].RetainHandling);
        await session.SendAsync("9005" + subscribe.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "00 01 87"); // granted QoS 1, not authorized
        IReadOnlyList<MqttSubscribeResult> results = await subscribing;
        Assert.True(results[0].IsSuccess);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, results[0].GrantedQoS);
        Assert.False(results[1].IsSuccess);
        Assert.Equal("not authorized", results[1].Description);
    }

    [Theory]
    [InlineData("3005 0002c0af 6d", "Malformed MQTT PUBLISH packet: topic name at offset 2")]   // overlong UTF-8 in the topic
    [InlineData("9080808001", "exceeds the maximum packet size of 1048576")]                    // a 2 MiB SUBACK header alone
    [InlineData("20020000", "must not send CONNACK")]                                           // a second CONNACK
    public async Task BrokerSendsBadBytes_ConnectionClosedWithProtocolErrorAndReconnects(string hex, string expected)
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V311), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(ConnAckV3);
        await connecting;

        await session.SendAsync(hex);
        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V311);
        Assert.Contains(expected, client.Health.LastError ?? string.Empty, StringComparison.Ordinal);
        await again.HandshakeAsync(ConnAckV3);
        await Eventually.WaitAsync(() => client.Health.State == MqttClientState.Connected, TimeSpan.FromSeconds(20), () => client.Health.State.ToString());
        await session.DisposeAsync();
    }

    [Fact]
    public async Task PublishQos1_ConnectionLostBeforePubAck_ResentWithDupAfterReconnect()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500) with { SessionExpirySeconds = 60 }, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        Task<MqttPublishResult> publishing = client.PublishAsync(new MqttApplicationMessage("t", "once"u8.ToArray()));
        PublishPacket sent = await session.ReadAsync<PublishPacket>();
        Assert.False(sent.Dup);
        session.Drop();

        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V500);
        ConnectPacket reconnect = await again.HandshakeAsync("2003010000"); // session present
        Assert.False(reconnect.CleanSession);
        PublishPacket resent = await again.ReadAsync<PublishPacket>();
        Assert.True(resent.Dup);
        Assert.Equal(sent.PacketId, resent.PacketId);
        await again.SendAsync("4002" + resent.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((await publishing.WaitAsync(TimeSpan.FromSeconds(20))).IsSuccess);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task PublishQos2_FullFlow_CompletesOnPubComp()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V311), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(ConnAckV3);
        await connecting;

        Task<MqttPublishResult> publishing = client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce));
        PublishPacket publish = await session.ReadAsync<PublishPacket>();
        string id = publish.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        await session.SendAsync("5002" + id);
        Assert.Equal(publish.PacketId, (await session.ReadAsync<PubRelPacket>()).PacketId);
        Assert.False(publishing.IsCompleted);
        await session.SendAsync("7002" + id);
        Assert.True((await publishing.WaitAsync(TimeSpan.FromSeconds(20))).IsSuccess);
    }

    [Theory]
    [InlineData("20020003", 0x88, true)]   // 3.1.1 server unavailable
    [InlineData("20020004", 0x86, false)]  // 3.1.1 bad user name or password
    [InlineData("20020002", 0x85, false)]  // 3.1.1 identifier rejected
    public async Task Connect_V311Refusal_MappedToReasonCodeAndTransience(string connAck, byte code, bool transient)
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V311), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(connAck);
        MqttConnectException ex = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Equal(code, ex.ReasonCode);
        Assert.Equal(transient, ex.IsTransient);
    }

    [Fact]
    public async Task Reconnect_SessionNotPresent_ResubscribesRememberedFilters()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V311), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(ConnAckV3);
        await connecting;
        Task<MqttSubscribeResult> subscribing = client.SubscribeAsync("plant/+/telemetry", MqttQualityOfService.AtLeastOnce);
        SubscribePacket first = await session.ReadAsync<SubscribePacket>();
        await session.SendAsync("9003" + first.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + "01");
        Assert.True((await subscribing).IsSuccess);
        session.Drop();

        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await again.HandshakeAsync(ConnAckV3); // session present 0: the broker forgot the subscription
        SubscribePacket renewed = await again.ReadAsync<SubscribePacket>();
        MqttSubscription subscription = Assert.Single(renewed.Subscriptions);
        Assert.Equal("plant/+/telemetry", subscription.TopicFilter);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, subscription.QoS);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task Publish_LargerThanServerMaximumPacketSize_RefusedBeforeSending()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync("200800000527" + "00000040"); // Maximum Packet Size 64
        await connecting;
        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync(new MqttApplicationMessage("t", new byte[100])));
        Assert.Contains("maximum packet size of 64", ex.Message, StringComparison.Ordinal);
        Task<MqttPublishResult> small = client.PublishAsync(new MqttApplicationMessage("t", new byte[10]));
        PublishPacket sent = await session.ReadAsync<PublishPacket>();
        Assert.Equal(10, sent.Payload.Length);
        await session.SendAsync("4002" + sent.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((await small).IsSuccess);
    }

    [Fact]
    public async Task Connect_WithLastWill_WillFieldsOnTheWire()
    {
        await using var broker = new FakeBroker();
        var options = Options(broker, MqttProtocolVersion.V500) with
        {
            UserName = "hub",
            Password = "pw",
            KeepAlive = TimeSpan.FromSeconds(15),
            LastWill = new MqttLastWill("hub/status", "offline"u8.ToArray()) { Retain = true, DelaySeconds = 5, QoS = MqttQualityOfService.AtLeastOnce },
        };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        ConnectPacket connect = await session.HandshakeAsync(ConnAckV5);
        await connecting;
        Assert.True(connect.HasWill);
        Assert.Equal("hub/status", connect.WillTopic);
        Assert.Equal("offline"u8.ToArray(), connect.WillPayload);
        Assert.True(connect.WillRetain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.WillQoS);
        Assert.Equal(5u, connect.WillProperties!.WillDelayInterval);
        Assert.Equal("hub", connect.UserName);
        Assert.Equal("pw"u8.ToArray(), connect.Password);
        Assert.Equal(15, connect.KeepAliveSeconds);
        Assert.True(connect.CleanSession);
    }

    [Fact]
    public async Task BrokerDisconnectV5_ReasonReportedAndClientReconnects()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(Options(broker, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        await session.SendAsync("e0078b05 1f000262 79"); // DISCONNECT 0x8B server shutting down, reason string "by"
        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V500);
        Assert.Contains("server shutting down (0x8B): by", client.Health.LastError ?? string.Empty, StringComparison.Ordinal);
        await again.HandshakeAsync(ConnAckV5);
        await Eventually.WaitAsync(() => client.Health.State == MqttClientState.Connected, TimeSpan.FromSeconds(20), () => client.Health.State.ToString());
        await session.DisposeAsync();
    }

    [Fact]
    public void Options_SeveralMistakes_AllReportedAtOnce()
    {
        var options = new MqttClientOptions { Host = "", Port = 0, ProtocolVersion = MqttProtocolVersion.V311, CleanStart = false, Password = "p", ReceiveCoalescing = TimeSpan.FromSeconds(1) };
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new MqttClient(options, (_, _) => ValueTask.CompletedTask));
        Assert.Contains("Host is empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Port 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs a ClientId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Password without a UserName", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ReceiveCoalescing must be between 0 (off) and 20 ms", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b+")]
    [InlineData("$share/g+/x")]
    [InlineData("$share/g")]
    [InlineData("")]
    public async Task Subscribe_InvalidFilter_RejectedBeforeSending(string filter)
    {
        await using var client = new MqttClient(new MqttClientOptions(), (_, _) => ValueTask.CompletedTask);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync(filter, MqttQualityOfService.AtMostOnce));
    }
}
