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
        await before.AddInboundQos2Async("hub", 42, 0, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 42, 0, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 43, 0, CancellationToken.None);
        await before.RemoveInboundQos2Async("hub", 43, CancellationToken.None);

        var after = db.NewMqttSessionStore();
        MqttSessionSnapshot snapshot = await after.LoadAsync("hub", CancellationToken.None);
        MqttStoredPublish only = Assert.Single(snapshot.Outgoing);
        Assert.Equal((ushort)8, only.PacketId);
        Assert.True(only.Released);
        Assert.Equal(new byte[] { 0x34, 0x02 }, only.Packet.ToArray());
        Assert.Equal([(ushort)42], snapshot.InboundQos2);

        Assert.Equal(0, snapshot.SessionGeneration);

        Assert.Equal(1, await after.StartNewSessionAsync("hub", CancellationToken.None));
        Assert.Empty((await after.LoadAsync("hub", CancellationToken.None)).InboundQos2);
        Assert.True(after.IsDurable);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task IdOfAnOlderSessionWrittenLate_NotLoaded_AndKeepsNoNewerIdOut(string kind)
    {
        // Issue 16 item 16: the handler of a message of generation 1 commits its id after the broker started
        // generation 2 (Session Present 0). Loaded, it would make generation 2's message with that id a "duplicate".
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.NewMqttSessionStore();
        Assert.Equal(1, await store.StartNewSessionAsync("hub", CancellationToken.None));
        await store.AddInboundQos2Async("hub", 5, 1, CancellationToken.None);
        Assert.Equal(2, await store.StartNewSessionAsync("hub", CancellationToken.None));
        Assert.Equal(1, await store.StartNewSessionAsync("other", CancellationToken.None));
        // The late write, in the transaction of a batch of readings as the telemetry path makes it.
        await db.Store.ApplyAsync([], [], [new MqttQos2Receipt("hub", 1, 1), new MqttQos2Receipt("hub", 7, 1)], CancellationToken.None);

        MqttSessionSnapshot snapshot = await db.NewMqttSessionStore().LoadAsync("hub", CancellationToken.None);
        Assert.Equal(2, snapshot.SessionGeneration);
        Assert.Empty(snapshot.InboundQos2);

        // The current session's ids load; a late write of an older one for the same id does not hide it.
        await store.AddInboundQos2Async("hub", 7, 2, CancellationToken.None);
        await store.AddInboundQos2Async("hub", 7, 1, CancellationToken.None);
        Assert.Equal([(ushort)7], (await store.LoadAsync("hub", CancellationToken.None)).InboundQos2);
        Assert.Empty((await store.LoadAsync("other", CancellationToken.None)).InboundQos2);
    }
}
