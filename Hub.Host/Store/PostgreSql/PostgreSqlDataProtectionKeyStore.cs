namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary><see cref="IDataProtectionKeyStore"/> on PostgreSQL: the <c>data_protection_keys</c> table, shared by every node.</summary>
internal sealed class PostgreSqlDataProtectionKeyStore(PostgreSqlConnections connections) : IDataProtectionKeyStore
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var elements = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            elements.Add(reader.GetString(0));
        }

        return elements;
    }

    public async Task<bool> AddAsync(string name, string xml, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            Pg.Text(name), Pg.Text(xml), Pg.Micros(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
