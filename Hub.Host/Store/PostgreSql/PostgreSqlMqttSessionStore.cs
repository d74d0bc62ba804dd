using IntegrationHub.Adapters.Mqtt.Client;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The MQTT client's session state in the hub's PostgreSQL database, as <c>SqliteMqttSessionStore</c> keeps it (issue
/// 16 item 16): the hub resumes its persistent session after a restart without reusing packet ids the broker holds or
/// handling a QoS 2 message twice. Each call is one committed statement (or batch): durable when it returns, before
/// the client sends the packet.
/// </summary>
internal sealed class PostgreSqlMqttSessionStore(PostgreSqlConnections connections) : IMqttSessionStore
{
    public bool IsDurable => true;

    public async ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Pg.BatchCommand("SELECT packet_id, sequence, packet, released FROM mqtt_outgoing WHERE client_id = $1 ORDER BY sequence", Pg.Text(clientId)),
                Pg.BatchCommand("SELECT packet_id FROM mqtt_inbound_qos2 WHERE client_id = $1", Pg.Text(clientId)),
            },
        };
        var outgoing = new List<MqttStoredPublish>();
        var inbound = new List<ushort>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            outgoing.Add(new MqttStoredPublish((ushort)reader.GetInt32(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetInt32(3) != 0));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            inbound.Add((ushort)reader.GetInt32(0));
        }

        return new MqttSessionSnapshot(outgoing, inbound);
    }

    public async ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);

        // A row left by an earlier use of the id is replaced.
        await ExecuteAsync("""
            INSERT INTO mqtt_outgoing (client_id, packet_id, sequence, packet, released) VALUES ($1, $2, $3, $4, 0)
            ON CONFLICT (client_id, packet_id) DO UPDATE SET sequence = excluded.sequence, packet = excluded.packet, released = 0
            """, cancellationToken, Pg.Text(clientId), Pg.Integer(publish.PacketId), Pg.BigInt(publish.Sequence),
            new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = publish.Packet.ToArray() }).ConfigureAwait(false);
    }

    public ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE mqtt_outgoing SET released = 1 WHERE client_id = $1 AND packet_id = $2", cancellationToken, Pg.Text(clientId), Pg.Integer(packetId));

    public ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM mqtt_outgoing WHERE client_id = $1 AND packet_id = $2", cancellationToken, Pg.Text(clientId), Pg.Integer(packetId));

    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken) =>
        ExecuteAsync("INSERT INTO mqtt_inbound_qos2 (client_id, packet_id) VALUES ($1, $2) ON CONFLICT (client_id, packet_id) DO NOTHING",
            cancellationToken, Pg.Text(clientId), Pg.Integer(packetId));

    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = $1 AND packet_id = $2", cancellationToken, Pg.Text(clientId), Pg.Integer(packetId));

    public ValueTask ClearInboundQos2Async(string clientId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = $1", cancellationToken, Pg.Text(clientId));

    private async ValueTask ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
