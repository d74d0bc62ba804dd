using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="ILeaseStore"/> on PostgreSQL (issue 18 item 1): a lease row with an expiry and a fencing token, each
/// call one statement, times from the server's clock (<c>now()</c>, in Unix microseconds like every time the store
/// keeps), so that the nodes' clocks may differ.
/// </summary>
/// <remarks>
/// A row rather than a session's advisory lock: the token outlives the session and goes into the transactions of the
/// work's writes (<see cref="FenceSql"/>), which an advisory lock cannot fence once its session is gone.
/// </remarks>
internal sealed class PostgreSqlLeaseStore(PostgreSqlConnections connections) : ILeaseStore
{
    /// <summary>
    /// The fence of a leased write, for a statement's WHERE: true while the lease's token is still the one given. FOR
    /// SHARE locks the row until the write's transaction ends, so that a takeover waits for it (and then the new holder
    /// reads what it wrote), and a write that waited for a takeover sees the new token and is refused.
    /// </summary>
    /// <param name="nameParameter">The number of the statement's parameter that holds the lease's name; the token's is the next.</param>
    internal static string FenceSql(int nameParameter) =>
        $"EXISTS (SELECT 1 FROM leases WHERE name = ${nameParameter} AND token = ${nameParameter + 1} FOR SHARE)";

    private const string Now = "(extract(epoch FROM now()) * 1000000)::bigint";

    // Free (no row) or expired: taken with the next token. Not while live, not even by its own holder: two processes
    // given one node id by mistake then take turns instead of running the work side by side.
    private const string AcquireSql = $"""
        INSERT INTO leases AS l (name, holder, token, expires_at, acquired_at) VALUES ($1, $2, 1, {Now} + $3, {Now})
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = l.token + 1, expires_at = excluded.expires_at,
            acquired_at = excluded.acquired_at
        WHERE l.expires_at <= excluded.acquired_at
        RETURNING token, expires_at
        """;

    // While the token is still this holder's, nobody else can have written under a newer one, so a renewal that comes
    // after the expiry but before a takeover is still safe.
    private const string RenewSql = $"""
        UPDATE leases SET expires_at = {Now} + $4 WHERE name = $1 AND holder = $2 AND token = $3 RETURNING expires_at
        """;

    private const string ReleaseSql = $"""
        UPDATE leases SET expires_at = {Now} WHERE name = $1 AND holder = $2 AND token = $3
        """;

    private const string ListSql = $"""
        SELECT name, holder, token, expires_at, expires_at > {Now} FROM leases ORDER BY name
        """;

    public async Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, AcquireSql, Pg.Text(name), Pg.Text(holder), Pg.BigInt(Micros(duration)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LeaseGrant(name, holder, reader.GetInt64(0), StoreTime.FromMicros(reader.GetInt64(1)))
            : null;
    }

    public async Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(
            connection, RenewSql, Pg.Text(grant.Name), Pg.Text(grant.Holder), Pg.BigInt(grant.Token), Pg.BigInt(Micros(duration)));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long expires
            ? grant with { ExpiresAt = StoreTime.FromMicros(expires) }
            : null;
    }

    public async Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, ReleaseSql, Pg.Text(grant.Name), Pg.Text(grant.Holder), Pg.BigInt(grant.Token));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var leases = new List<LeaseRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(new LeaseRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), StoreTime.FromMicros(reader.GetInt64(3)), reader.GetBoolean(4)));
        }

        return leases;
    }

    /// <summary>
    /// Refuses the transaction of <paramref name="write"/> when it belongs to leased work (<see cref="LeaseFence.Current"/>)
    /// whose token is no longer the lease's; the row stays locked (FOR SHARE) until the transaction ends, so a takeover
    /// waits for the commit. Nothing to check outside leased work (a desk request, an admin command).
    /// </summary>
    internal static async Task CheckFenceAsync(NpgsqlConnection connection, string write, CancellationToken cancellationToken)
    {
        if (LeaseFence.Current is not { } fence)
        {
            return;
        }

        await using var command = Pg.Command(connection, "SELECT " + FenceSql(1), Pg.Text(fence.Name), Pg.BigInt(fence.Token));
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            throw fence.Refuse(write);
        }
    }

    /// <summary>
    /// Refuses the transaction of <paramref name="write"/> unless every one of <paramref name="fences"/> is current: a
    /// batch of readings whose rules were evaluated at ingest carries the fences of the rules partitions it evaluated
    /// (issue 20 item 1), beside the adapter's own ambient one. One statement; the rows are locked FOR SHARE in the
    /// order of their names, so that two batches and the renewals they wait for cannot lock them crosswise.
    /// </summary>
    internal static async Task CheckFencesAsync(NpgsqlConnection connection, IReadOnlyList<LeaseFence> fences, string write, CancellationToken cancellationToken)
    {
        if (fences.Count == 0)
        {
            return;
        }

        await using var command = Pg.Command(connection, """
            SELECT l.name FROM leases l JOIN unnest($1::text[], $2::bigint[]) AS f(name, token) ON l.name = f.name AND l.token = f.token
            ORDER BY l.name FOR SHARE OF l
            """,
            Pg.TextArray(fences.Select(f => f.Name)), Pg.Array(fences.Select(f => f.Token).ToArray(), NpgsqlTypes.NpgsqlDbType.Bigint));
        var current = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current.Add(reader.GetString(0));
            }
        }

        if (fences.FirstOrDefault(f => !current.Contains(f.Name)) is { } stale)
        {
            throw stale.Refuse(write);
        }
    }

    /// <summary>
    /// Runs <paramref name="statement"/> (statements on <paramref name="connection"/>, which has no transaction yet)
    /// fenced: in leased work, inside a transaction that checks the fence (<see cref="CheckFenceAsync"/>) after it and
    /// then commits, so that a stale token rolls it back whole, and the lease row is locked for the commit only;
    /// outside leased work, as it is. Npgsql runs a command in the connection's transaction whatever its Transaction
    /// property says, so the statement needs no change.
    /// </summary>
    internal static async Task<T> FencedAsync<T>(NpgsqlConnection connection, string write, Func<Task<T>> statement, CancellationToken cancellationToken)
    {
        if (LeaseFence.Current is null)
        {
            return await statement().ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await statement().ConfigureAwait(false);
        await CheckFenceAsync(connection, write, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static long Micros(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerMicrosecond;
}
