using IntegrationHub.Adapters.Abstractions;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>
/// Runs one adapter per configured source (a polled database query, an API collection), side by side; each retries its
/// own failures and reports on <c>/health</c>.
/// </summary>
internal sealed class AdapterRunner<TAdapter>(IReadOnlyList<TAdapter> adapters) : BackgroundService
    where TAdapter : IRunningAdapter
{
    public IReadOnlyList<TAdapter> Adapters { get; } = adapters;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Adapters.Select(a => a.RunAsync(stoppingToken)));

    public override void Dispose()
    {
        foreach (var adapter in Adapters.OfType<IDisposable>())
        {
            adapter.Dispose();
        }

        base.Dispose();
    }
}
