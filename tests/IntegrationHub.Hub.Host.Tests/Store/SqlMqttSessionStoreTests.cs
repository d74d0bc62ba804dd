using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The MQTT session state in the hub's database survives the store instance, as it must survive a restart (issue 16
/// item 16), on SQLite and on PostgreSQL (issue 17 item 3).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlMqttSessionStoreTests(PostgresFixture postgres)
{
    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task StateWrittenByOneInstance_LoadedByANewOne(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var before = db.NewMqttSessionStore();
        await before.AddOutgoingAsync("hub", new MqttStoredPublish(7, 1, new byte[] { 0x34, 0x01 }, false), CancellationToken.None);
        await before.AddOutgoingAsync("hub", new MqttStoredPublish(8, 2, new byte[] { 0x34, 0x02 }, false), CancellationToken.None);
        await before.AddOutgoingAsync("other", new MqttStoredPublish(9, 3, new byte[] { 0x34, 0x03 }, false), CancellationToken.None);
        await before.MarkOutgoingReleasedAsync("hub", 8, CancellationToken.None);
        await before.RemoveOutgoingAsync("hub", 7, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 42, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 42, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 43, CancellationToken.None);
        await before.RemoveInboundQos2Async("hub", 43, CancellationToken.None);

        var after = db.NewMqttSessionStore();
        MqttSessionSnapshot snapshot = await after.LoadAsync("hub", CancellationToken.None);
        MqttStoredPublish only = Assert.Single(snapshot.Outgoing);
        Assert.Equal((ushort)8, only.PacketId);
        Assert.True(only.Released);
        Assert.Equal(new byte[] { 0x34, 0x02 }, only.Packet.ToArray());
        Assert.Equal([(ushort)42], snapshot.InboundQos2);

        await after.ClearInboundQos2Async("hub", CancellationToken.None);
        Assert.Empty((await after.LoadAsync("hub", CancellationToken.None)).InboundQos2);
        Assert.True(after.IsDurable);
    }
}
