using IntegrationHub.Adapters.Sql;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>Runs one poller per configured database source; each retries its own failures and reports on <c>/health</c>.</summary>
internal sealed class SqlPollingService(IReadOnlyList<SqlSourcePoller> pollers) : BackgroundService
{
    public IReadOnlyList<SqlSourcePoller> Pollers { get; } = pollers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Pollers.Select(p => p.RunAsync(stoppingToken)));
}
