using System.Data.Common;
using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The PostgreSQL store's one connection source (issue 17 item 1: one <see cref="NpgsqlDataSource"/>), with what it
/// tries to reach (host, port, database, user) for start-up errors, and never the password. A multi-host connection
/// string (<c>Host=pg1,pg2;Target Session Attributes=primary</c>, issue 18 item 5) gives Npgsql's multi-host data
/// source, which opens each connection on whichever host is the primary now, so the store follows a switch-over or
/// fail-over without a restart.
/// </summary>
internal sealed class PostgreSqlConnections : IAsyncDisposable, IDisposable
{
    /// <summary>The setting the connection string comes from, named in every start-up error.</summary>
    public const string Setting = "Hub:Store:ConnectionString";

    private readonly string? _password;

    private readonly ILogger? _logger;

    private readonly NpgsqlMultiHostDataSource? _multiHost;

    // The host:port the last connection opened on, to log once when a multi-host store moves to another primary.
    private string? _server;

    public PostgreSqlConnections(string connectionString, ILogger? logger = null)
    {
        _logger = logger;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new HubConfigurationException("The PostgreSQL store cannot start",
                [$"{Setting} is empty. Set it in the environment, for example Hub__Store__ConnectionString='Host=db1;Database=hub;Username=hub;Password=...'."]);
        }

        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The parser's message names a keyword or an index, never a value; the string itself is not echoed.
            throw new HubConfigurationException("The PostgreSQL store cannot start",
                [$"{Setting} is not a valid PostgreSQL connection string: {ex.Message}"]);
        }

        var settings = builder.ConnectionStringBuilder;
        _password = settings.Password;
        Host = settings.Host ?? "localhost";
        Port = settings.Port;
        Username = settings.Username ?? Environment.UserName;
        Database = settings.Database ?? Username;

        // Statements the store runs again and again are prepared once per physical connection (upserts, the portal's
        // lookups, the staging inserts), unless the operator chose otherwise in the connection string.
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
        }

        // The store keeps a temporary staging table per connection for reading batches (binary COPY lands there, then
        // one INSERT ... ON CONFLICT moves it). A pool reset (DISCARD ALL) would drop and re-create it on every
        // batch; the store leaves no other session state behind (the migration lock is released explicitly).
        settings.NoResetOnClose = true;
        settings.ApplicationName ??= "integrationhub";
        Hosts = DescribeHosts(settings);
        IsMultiHost = Hosts.Count > 1;
        if (IsMultiHost)
        {
            settings.TargetSessionAttributes = WritableTarget(settings.TargetSessionAttributes);
            TargetSession = settings.TargetSessionAttributes;

            // Npgsql remembers each host's state (primary, standby, offline) for Host Recheck Seconds, 10 by default.
            // After a fail-over the hub found the standby "standby" while Patroni was promoting it and kept it so for
            // those 10 s: the failover benchmark (issue 18) saw ingest resume 15-17 s after the primary's kill although
            // Patroni had promoted the standby after 3-4 s. Every second instead, unless the operator chose a value.
            if (!Names(connectionString, "Host Recheck Seconds", "HostRecheckSeconds"))
            {
                settings.HostRecheckSeconds = MultiHostRecheckSeconds;
            }
        }

        // Several hosts: Npgsql's multi-host data source, which knows each host's state (primary, standby, offline,
        // re-checked every Host Recheck Seconds) and opens every connection of the store on the target kind of host.
        if (IsMultiHost)
        {
            _multiHost = builder.BuildMultiHost();
            DataSource = _multiHost.WithTargetSession(TargetSession == "read-write" ? TargetSessionAttributes.ReadWrite : TargetSessionAttributes.Primary);
        }
        else
        {
            DataSource = builder.Build();
        }

        if (IsMultiHost && _logger is not null)
        {
            PostgreSqlHaLog.MultiHost(_logger, Hosts.Count, string.Join(", ", Hosts), TargetSession!);
        }
    }

    /// <summary>How often a multi-host store looks again at what each host is, unless the connection string says (Host Recheck Seconds).</summary>
    internal const int MultiHostRecheckSeconds = 1;

    public NpgsqlDataSource DataSource { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Username { get; }

    /// <summary>Every host:port the connection string names, in its order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>Whether the connection string names several hosts (a Patroni or other replicated cluster).</summary>
    public bool IsMultiHost { get; }

    /// <summary>The kind of server connections go to on a multi-host store (primary or read-write); null on one host.</summary>
    public string? TargetSession { get; }

    /// <summary>What was tried, for errors: host, port, database and user, never the password.</summary>
    public string Target => IsMultiHost
        ? string.Create(CultureInfo.InvariantCulture, $"hosts {string.Join(", ", Hosts)} ({TargetSession}), database '{Database}', user '{Username}'")
        : string.Create(CultureInfo.InvariantCulture, $"host {Host}, port {Port}, database '{Database}', user '{Username}'");

    public string Describe() => IsMultiHost
        ? string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {TargetSession} of {string.Join(",", Hosts)}/{Database} as {Username}")
        : string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {Host}:{Port}/{Database} as {Username}");

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (!IsMultiHost)
        {
            return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        NpgsqlConnection connection;
        try
        {
            connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // While Patroni promotes a replica, no host is a primary for a few seconds: Npgsql then throws a bare
            // NpgsqlException ("no suitable host") or one wrapping every host's failure, neither of which it calls
            // transient. Named here, where it is known to be a failure to find the primary, so that StoreFaults
            // retries it (issue 18 item 5); a server's refusal (password, database) stays a PostgresException.
            throw new PostgreSqlNoPrimaryException(
                string.Create(CultureInfo.InvariantCulture, $"No host of {string.Join(", ", Hosts)} is a {TargetSession} PostgreSQL that accepts connections now: {ex.Message}"),
                ex);
        }

        NoteServer(connection);
        return connection;
    }

    /// <summary>The text with the password replaced, for anything that may end up in a log or on a console.</summary>
    public string Scrub(string text) =>
        string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "********", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        if (_multiHost is not null)
        {
            await _multiHost.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether the connection string itself sets one of the keywords (any case), as opposed to the driver's default.</summary>
    private static bool Names(string connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    /// <summary>
    /// The hub writes, so a multi-host store goes to the primary: Npgsql's default (<c>any</c>) would send writes to a
    /// standby, which refuses them; a standby target is a mistake named at start.
    /// </summary>
    private static string WritableTarget(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return "primary";
        }

        var target = configured.Trim().ToLowerInvariant();
        if (target is "primary" or "read-write")
        {
            return target;
        }

        throw new HubConfigurationException("The PostgreSQL store cannot start",
            [$"{Setting}: Target Session Attributes={configured} would send the hub's writes to a server that may refuse them. The hub writes: use Target Session Attributes=primary (or read-write) with several hosts."]);
    }

    /// <summary>host:port for each host of Host= (a host may carry its own port, as Npgsql allows).</summary>
    private static string[] DescribeHosts(NpgsqlConnectionStringBuilder settings) =>
        [.. (settings.Host ?? "localhost")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(h => HasPort(h) ? h : string.Create(CultureInfo.InvariantCulture, $"{h}:{settings.Port}"))];

    private static bool HasPort(string host)
    {
        // [v6]:port, name:port or v4:port; a bare IPv6 address has several colons and no port.
        var start = host.LastIndexOf(']') + 1;
        var rest = host[start..];
        var colon = rest.LastIndexOf(':');
        return colon >= 0
            && (start > 0 || rest.IndexOf(':', StringComparison.Ordinal) == colon)
            && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private void NoteServer(NpgsqlConnection connection)
    {
        var server = string.Create(CultureInfo.InvariantCulture, $"{connection.Host}:{connection.Port}");
        var previous = Interlocked.Exchange(ref _server, server);
        if (previous is not null && previous != server && _logger is not null)
        {
            PostgreSqlHaLog.PrimaryMoved(_logger, server, previous);
        }
    }

    public void Dispose()
    {
        DataSource.Dispose();
        _multiHost?.Dispose();
    }
}
