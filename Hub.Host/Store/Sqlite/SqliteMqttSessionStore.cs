using System.Data.Common;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The MQTT client's session state in the hub's database (migration 12), so that the hub resumes its persistent
/// session after a restart without reusing packet ids the broker holds or handling a QoS 2 message twice (issue 16
/// item 16). Each call is its own committed statement: durable when it returns, before the client sends the packet.
/// </summary>
internal sealed class SqliteMqttSessionStore(IStoreConnectionFactory connections) : IMqttSessionStore
{
    public bool IsDurable => true;

    public async ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var outgoing = new List<MqttStoredPublish>();
        await using (DbCommand command = Db.Command(connection, null,
            "SELECT packet_id, sequence, packet, released FROM mqtt_outgoing WHERE client_id = @client ORDER BY sequence"))
        {
            Db.Add(command, "@client", clientId);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                outgoing.Add(new MqttStoredPublish((ushort)reader.GetInt32(0), reader.GetInt64(1), (byte[])reader.GetValue(2), reader.GetInt32(3) != 0));
            }
        }

        var inbound = new List<ushort>();
        await using (DbCommand command = Db.Command(connection, null, "SELECT packet_id FROM mqtt_inbound_qos2 WHERE client_id = @client"))
        {
            Db.Add(command, "@client", clientId);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inbound.Add((ushort)reader.GetInt32(0));
            }
        }

        return new MqttSessionSnapshot(outgoing, inbound);
    }

    public async ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);

        // Delete, then insert: a row left by an earlier use of the id is replaced (portable, no upsert dialect).
        await ExecuteAsync("DELETE FROM mqtt_outgoing WHERE client_id = @client AND packet_id = @id; "
            + "INSERT INTO mqtt_outgoing (client_id, packet_id, sequence, packet, released) VALUES (@client, @id, @sequence, @packet, 0)",
            clientId, publish.PacketId, cancellationToken, ("@sequence", publish.Sequence), ("@packet", publish.Packet.ToArray())).ConfigureAwait(false);
    }

    public ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken)
        => ExecuteAsync("UPDATE mqtt_outgoing SET released = 1 WHERE client_id = @client AND packet_id = @id", clientId, packetId, cancellationToken);

    public ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM mqtt_outgoing WHERE client_id = @client AND packet_id = @id", clientId, packetId, cancellationToken);

    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = @client AND packet_id = @id; "
            + "INSERT INTO mqtt_inbound_qos2 (client_id, packet_id) VALUES (@client, @id)", clientId, packetId, cancellationToken);

    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = @client AND packet_id = @id", clientId, packetId, cancellationToken);

    public ValueTask ClearInboundQos2Async(string clientId, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = @client", clientId, null, cancellationToken);

    private async ValueTask ExecuteAsync(string sql, string clientId, ushort? packetId, CancellationToken cancellationToken, params (string Name, object Value)[] extra)
    {
        await using DbConnection connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (DbCommand command = Db.Command(connection, transaction, sql))
        {
            Db.Add(command, "@client", clientId);
            if (packetId is { } id)
            {
                Db.Add(command, "@id", (int)id);
            }

            foreach ((string name, object value) in extra)
            {
                Db.Add(command, name, value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
