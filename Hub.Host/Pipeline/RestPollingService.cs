using IntegrationHub.Adapters.Rest;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>Runs one poller per configured API collection; each retries its own failures and reports on <c>/health</c>.</summary>
internal sealed class RestPollingService(IReadOnlyList<RestSourcePoller> pollers) : BackgroundService
{
    public IReadOnlyList<RestSourcePoller> Pollers { get; } = pollers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Pollers.Select(p => p.RunAsync(stoppingToken)));

    public override void Dispose()
    {
        foreach (var poller in Pollers)
        {
            poller.Dispose();
        }

        base.Dispose();
    }
}
