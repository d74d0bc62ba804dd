using System.Data.Common;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="ILeaseStore"/> on SQLite (issue 18 item 1). The store's process lock keeps SQLite to one node, so the
/// lease is always this node's; it is kept all the same, so that the leased work runs the same code path, with the
/// same tests, on both stores. Times from the database's clock, in Unix microseconds.
/// </summary>
internal sealed class SqliteLeaseStore(IStoreConnectionFactory connections) : ILeaseStore
{
    /// <summary>
    /// The fence of a leased write, for a statement's WHERE: true while the lease's token is still the one given in
    /// <c>@lease</c> and <c>@token</c>. SQLite runs one writer at a time, so the check and the write cannot be split.
    /// </summary>
    internal const string FenceSql = "EXISTS (SELECT 1 FROM leases WHERE name = @lease AND token = @token)";

    private const string Now = "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)";

    // Free (no row) or expired: taken with the next token; as on PostgreSQL.
    private const string AcquireSql = $"""
        INSERT INTO leases AS l (name, holder, token, expires_at, acquired_at) VALUES (@name, @holder, 1, {Now} + @duration, {Now})
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = l.token + 1, expires_at = excluded.expires_at,
            acquired_at = excluded.acquired_at
        WHERE l.expires_at <= excluded.acquired_at
        RETURNING token, expires_at
        """;

    private const string RenewSql = $"""
        UPDATE leases SET expires_at = {Now} + @duration WHERE name = @name AND holder = @holder AND token = @token RETURNING expires_at
        """;

    private const string ReleaseSql = $"""
        UPDATE leases SET expires_at = {Now} WHERE name = @name AND holder = @holder AND token = @token
        """;

    private const string ListSql = $"""
        SELECT name, holder, token, expires_at, expires_at > {Now} FROM leases ORDER BY name
        """;

    public async Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, AcquireSql);
        Add(command, "@name", name);
        Add(command, "@holder", holder);
        Add(command, "@duration", Micros(duration));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LeaseGrant(name, holder, reader.GetInt64(0), FromMicros(reader.GetInt64(1)))
            : null;
    }

    public async Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Identify(Command(connection, null, RenewSql), grant);
        Add(command, "@duration", Micros(duration));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long expires
            ? grant with { ExpiresAt = FromMicros(expires) }
            : null;
    }

    public async Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Identify(Command(connection, null, ReleaseSql), grant);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var leases = new List<LeaseRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(new LeaseRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), FromMicros(reader.GetInt64(3)), reader.GetInt64(4) != 0));
        }

        return leases;
    }

    /// <summary>
    /// Refuses the transaction of <paramref name="write"/> when it belongs to leased work (<see cref="LeaseFence.Current"/>)
    /// whose token is no longer the lease's. Nothing to check outside leased work (a desk request, an admin command).
    /// </summary>
    internal static Task CheckFenceAsync(DbConnection connection, DbTransaction? transaction, string write, CancellationToken cancellationToken) =>
        LeaseFence.Current is { } fence ? CheckFenceOfAsync(connection, transaction, fence, write, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Refuses the transaction of <paramref name="write"/> unless <paramref name="fence"/>'s token is still the lease's:
    /// a batch of readings whose rules were evaluated at ingest also carries the fences of the rules partitions it
    /// evaluated (issue 20 item 1), beside the ambient fence of the adapter's own lease.
    /// </summary>
    internal static async Task CheckFenceOfAsync(DbConnection connection, DbTransaction? transaction, LeaseFence fence, string write, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT " + FenceSql);
        Add(command, "@lease", fence.Name);
        Add(command, "@token", fence.Token);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            throw fence.Refuse(write);
        }
    }

    /// <summary>
    /// Runs <paramref name="statement"/> (given the transaction to run in, or null) fenced: in leased work, inside a
    /// transaction that first checks the fence (<see cref="CheckFenceAsync"/>) and commits after it, so that a stale
    /// token refuses it whole; outside leased work, on its own as before.
    /// </summary>
    internal static async Task<T> FencedAsync<T>(
        DbConnection connection, string write, Func<DbTransaction?, Task<T>> statement, CancellationToken cancellationToken)
    {
        if (LeaseFence.Current is null)
        {
            return await statement(null).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await CheckFenceAsync(connection, transaction, write, cancellationToken).ConfigureAwait(false);
        var result = await statement(transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static DbCommand Identify(DbCommand command, LeaseGrant grant)
    {
        Add(command, "@name", grant.Name);
        Add(command, "@holder", grant.Holder);
        Add(command, "@token", grant.Token);
        return command;
    }

    private static long Micros(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMicrosecond;
}
