using System.Data.Common;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The MQTT client's session state in the hub's database (migration 12), so that the hub resumes its persistent
/// session after a restart without reusing packet ids the broker holds or handling a QoS 2 message twice (issue 16
/// item 16). Each call is its own committed statement: durable when it returns, before the client sends the packet.
/// The telemetry path writes its inbound QoS 2 ids in the transaction of the readings instead
/// (<see cref="AddInboundQos2Async(DbConnection, DbTransaction, IReadOnlyList{MqttQos2Receipt}, CancellationToken)"/>).
/// </summary>
internal sealed class SqliteMqttSessionStore(IStoreConnectionFactory connections) : IMqttSessionStore
{
    // An id already recorded keeps the newer generation: a late write of an older session never hides a current one.
    private const string AddInboundSql = """
        INSERT INTO mqtt_inbound_qos2 (client_id, packet_id, generation) VALUES (@client, @id, @generation)
        ON CONFLICT (client_id, packet_id) DO UPDATE SET generation = excluded.generation
        WHERE excluded.generation >= mqtt_inbound_qos2.generation
        """;

    // A client without a row is at generation 0 (the ids of migration 12 have it).
    private const string GenerationSql = "SELECT COALESCE(MAX(generation), 0) FROM mqtt_sessions WHERE client_id = @client";

    public bool IsDurable => true;

    /// <summary>
    /// Records inbound QoS 2 ids in the caller's transaction, the one that stores the messages' effect (issue 16 item
    /// 16): a crash after its commit cannot make the broker's redelivery be handled again.
    /// </summary>
    public static async Task AddInboundQos2Async(DbConnection connection, DbTransaction transaction, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        if (receipts.Count == 0)
        {
            return;
        }

        await using DbCommand command = Db.Command(connection, transaction, AddInboundSql);
        DbParameter client = Db.Add(command, "@client", DBNull.Value);
        DbParameter id = Db.Add(command, "@id", DBNull.Value);
        DbParameter generation = Db.Add(command, "@generation", DBNull.Value);
        foreach (MqttQos2Receipt receipt in receipts)
        {
            client.Value = receipt.ClientId;
            id.Value = (int)receipt.PacketId;
            generation.Value = receipt.SessionGeneration;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

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

        long current;
        await using (DbCommand command = Db.Command(connection, null, GenerationSql))
        {
            Db.Add(command, "@client", clientId);
            current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        // Only the current session's ids: one of an older session, written late by its handler, is no duplicate now.
        var inbound = new List<ushort>();
        await using (DbCommand command = Db.Command(connection, null, "SELECT packet_id FROM mqtt_inbound_qos2 WHERE client_id = @client AND generation = @generation"))
        {
            Db.Add(command, "@generation", current);
            Db.Add(command, "@client", clientId);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inbound.Add((ushort)reader.GetInt32(0));
            }
        }

        return new MqttSessionSnapshot(outgoing, inbound, current);
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

    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken)
        => ExecuteAsync(AddInboundSql, clientId, packetId, cancellationToken, ("@generation", sessionGeneration));

    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken)
        => ExecuteAsync("DELETE FROM mqtt_inbound_qos2 WHERE client_id = @client AND packet_id = @id", clientId, packetId, cancellationToken);

    public async ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (DbCommand raise = Db.Command(connection, transaction, """
            INSERT INTO mqtt_sessions (client_id, generation) VALUES (@client, 1)
            ON CONFLICT (client_id) DO UPDATE SET generation = mqtt_sessions.generation + 1
            """))
        {
            Db.Add(raise, "@client", clientId);
            await raise.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long generation;
        await using (DbCommand read = Db.Command(connection, transaction, GenerationSql))
        {
            Db.Add(read, "@client", clientId);
            generation = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (DbCommand clear = Db.Command(connection, transaction, "DELETE FROM mqtt_inbound_qos2 WHERE client_id = @client AND generation < @generation"))
        {
            Db.Add(clear, "@client", clientId);
            Db.Add(clear, "@generation", generation);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return generation;
    }

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
