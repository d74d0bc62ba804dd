using Xunit;

namespace IntegrationHub.Tests.Common.Postgres;

/// <summary>One PostgreSQL server for a test class (xunit class fixture); each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <summary>A fresh database for one test; returns its connection string.</summary>
    public Task<string> NewDatabaseAsync() => Server.CreateDatabaseAsync("t" + Interlocked.Increment(ref _databases));

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
