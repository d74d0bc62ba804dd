using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Portal tokens: stored by hash only, revoked by id or by customer.
internal sealed partial class SqliteHubStore
{
    public async Task AddPortalTokenAsync(PortalTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO portal_tokens (token_id, customer_code, token_hash, created_at) VALUES (@id, @customer, @hash, @at)
            """);
        Add(command, "@id", token.TokenId);
        Add(command, "@customer", token.CustomerCode);
        Add(command, "@hash", token.TokenHash);
        Add(command, "@at", Micros(token.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PortalTokenRecord?> FindPortalTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var tokens = await QueryTokensAsync("token_hash = @value", tokenHash, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public Task<IReadOnlyList<PortalTokenRecord>> ListPortalTokensAsync(string? customerCode, CancellationToken cancellationToken) =>
        customerCode is null
            ? QueryTokensAsync(null, null, cancellationToken)
            : QueryTokensAsync("customer_code = @value", customerCode, cancellationToken);

    public async Task<int> RevokePortalTokensAsync(
        string? tokenId, string? customerCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if ((tokenId is null) == (customerCode is null))
        {
            throw new ArgumentException("Name either a token id or a customer code.");
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, tokenId is not null
            ? "UPDATE portal_tokens SET revoked_at = @at WHERE token_id = @value AND revoked_at IS NULL"
            : "UPDATE portal_tokens SET revoked_at = @at WHERE customer_code = @value AND revoked_at IS NULL");
        Add(command, "@at", Micros(at));
        Add(command, "@value", tokenId ?? customerCode!);
        var revoked = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (revoked > 0)
        {
            // Open live pages check their token again now, not at their next fall-back read (issue 18 item 4).
            changeFeed?.Publish(ChangeNotice.Credentials);
        }

        return revoked;
    }

    private async Task<IReadOnlyList<PortalTokenRecord>> QueryTokensAsync(string? where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT token_id, customer_code, token_hash, created_at, revoked_at FROM portal_tokens"
            + (where is null ? string.Empty : " WHERE " + where)
            + " ORDER BY created_at");
        if (value is not null)
        {
            Add(command, "@value", value);
        }

        var tokens = new List<PortalTokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(new PortalTokenRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), FromMicros(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : FromMicros(reader.GetInt64(4))));
        }

        return tokens;
    }
}
