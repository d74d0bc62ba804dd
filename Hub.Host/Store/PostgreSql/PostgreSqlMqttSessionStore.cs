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
    // An id already recorded keeps the newer generation: a late write of an older session never hides a current one.
    private const string AddInboundSql = """
        INSERT INTO mqtt_inbound_qos2 (client_id, packet_id, generation) VALUES ($1, $2, $3)
        ON CONFLICT (client_id, packet_id) DO UPDATE SET generation = excluded.generation
        WHERE excluded.generation >= mqtt_inbound_qos2.generation
        """;

    public bool IsDurable => true;

    public async ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Pg.BatchCommand("SELECT packet_id, sequence, packet, released FROM mqtt_outgoing WHERE client_id = $1 ORDER BY sequence", Pg.Text(clientId)),
                Pg.BatchCommand("SELECT COALESCE(MAX(generation), 0) FROM mqtt_sessions WHERE client_id = $1", Pg.Text(clientId)),

                // Only the current session's ids: one of an older session, written late by its handler, is no duplicate now.
                Pg.BatchCommand("""
                    SELECT packet_id FROM mqtt_inbound_qos2
                    WHERE client_id = $1 AND generation = (SELECT COALESCE(MAX(generation), 0) FROM mqtt_sessions WHERE client_id = $1)
                    """, Pg.Text(clientId)),
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
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        long generation = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            inbound.Add((ushort)reader.GetInt32(0));
        }

        return new MqttSessionSnapshot(outgoing, inbound, generation);
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

    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken) =>
        ExecuteAsync(AddInboundSql, cancellationToken, Pg.Text(clientId), Pg.Integer(packetId), Pg.BigInt(sessionGeneration));

    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = $1 AND packet_id = $2", cancellationToken, Pg.Text(clientId), Pg.Integer(packetId));

    /// <summary>The broker started a new session: raise the generation and forget the ids of older ones, in one transaction.</summary>
    public async ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long generation;
        await using (var raise = Pg.Command(connection, """
            INSERT INTO mqtt_sessions (client_id, generation) VALUES ($1, 1)
            ON CONFLICT (client_id) DO UPDATE SET generation = mqtt_sessions.generation + 1
            RETURNING generation
            """, Pg.Text(clientId)))
        {
            generation = Convert.ToInt64(await raise.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var clear = Pg.Command(connection, "DELETE FROM mqtt_inbound_qos2 WHERE client_id = $1 AND generation < $2", Pg.Text(clientId), Pg.BigInt(generation)))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return generation;
    }

    private async ValueTask ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
