namespace IntegrationHub.Tests.Common.Postgres;

/// <summary>
/// One PostgreSQL server for the whole test process, started on first use and stopped when the process exits
/// (issue 17 item 3). xunit 2 has no assembly fixture, and a collection fixture would put every test that uses it into
/// one collection, run one after another; test classes that each take a fresh database of this server run in
/// parallel instead. A test that stops or restarts its server needs a <see cref="PostgresServer"/> of its own.
/// </summary>
public static class SharedPostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's server, started by the first caller.</summary>
    public static Task<PostgresServer> GetAsync() => Server.Value;

    private static async Task<PostgresServer> StartAsync()
    {
        var server = await PostgresServer.StartAsync().ConfigureAwait(false);
        // Stopped at exit; the runner may kill the host before the handler is done, so a detached watcher makes sure.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        server.StopWhenProcessEnds(Environment.ProcessId);
        return server;
    }
}
