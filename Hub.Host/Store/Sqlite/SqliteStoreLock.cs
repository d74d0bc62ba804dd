using System.Data.Common;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// Keeps one connection to the store open while the hub runs, so that the store file shows a running hub for the
/// hub's whole life (issue 17 item 5: <c>hub store copy</c> refuses a store a hub uses).
/// </summary>
/// <remarks>
/// In WAL mode a connection that has read the database holds a shared lock on the file until it closes, and
/// <see cref="SqliteCopySource"/> asks for the exclusive one. The hub's pooled connections alone do not prove it runs:
/// the pool closes connections that stay idle for a few minutes, and a quiet hub at night may have none open. This
/// connection is not pooled work; it reads once and then only holds the lock, so it blocks no writer or checkpoint.
/// </remarks>
internal sealed class SqliteStoreLock(IStoreConnectionFactory connections) : IHostedService, IAsyncDisposable
{
    private DbConnection? _held;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Opening alone takes no lock; the first read does, and WAL mode keeps it.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _held = connection;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }
}
