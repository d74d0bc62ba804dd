using System.Data.Common;
using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The PostgreSQL store's one connection source (issue 17 item 1: one <see cref="NpgsqlDataSource"/>), with what it
/// tries to reach (host, port, database, user) for start-up errors, and never the password.
/// </summary>
internal sealed class PostgreSqlConnections : IAsyncDisposable, IDisposable
{
    /// <summary>The setting the connection string comes from, named in every start-up error.</summary>
    public const string Setting = "Hub:Store:ConnectionString";

    private readonly string? _password;

    public PostgreSqlConnections(string connectionString)
    {
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
        DataSource = builder.Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Username { get; }

    /// <summary>What was tried, for errors: host, port, database and user, never the password.</summary>
    public string Target => string.Create(CultureInfo.InvariantCulture, $"host {Host}, port {Port}, database '{Database}', user '{Username}'");

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {Host}:{Port}/{Database} as {Username}");

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>The text with the password replaced, for anything that may end up in a log or on a console.</summary>
    public string Scrub(string text) =>
        string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "********", StringComparison.Ordinal);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
