using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>The MQTT session state in the hub's database survives the store instance, as it must survive a restart (issue 16 item 16).</summary>
public sealed class SqlMqttSessionStoreTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-mqtt-session-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "hub.db");

    public async Task InitializeAsync()
        => await new SqliteHubStore(new SqliteConnectionFactory(DatabasePath), TimeProvider.System).MigrateAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StateWrittenByOneInstance_LoadedByANewOne()
    {
        var before = new SqliteMqttSessionStore(new SqliteConnectionFactory(DatabasePath));
        await before.AddOutgoingAsync("hub", new MqttStoredPublish(7, 1, new byte[] { 0x34, 0x01 }, false), CancellationToken.None);
        await before.AddOutgoingAsync("hub", new MqttStoredPublish(8, 2, new byte[] { 0x34, 0x02 }, false), CancellationToken.None);
        await before.AddOutgoingAsync("other", new MqttStoredPublish(9, 3, new byte[] { 0x34, 0x03 }, false), CancellationToken.None);
        await before.MarkOutgoingReleasedAsync("hub", 8, CancellationToken.None);
        await before.RemoveOutgoingAsync("hub", 7, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 42, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 42, CancellationToken.None);
        await before.AddInboundQos2Async("hub", 43, CancellationToken.None);
        await before.RemoveInboundQos2Async("hub", 43, CancellationToken.None);

        var after = new SqliteMqttSessionStore(new SqliteConnectionFactory(DatabasePath));
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
