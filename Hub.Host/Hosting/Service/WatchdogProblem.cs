using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Hosting.Service;

/// <summary>Logs, once at start, why a watchdog that the unit asked for is not kept (event 1813).</summary>
internal sealed class WatchdogProblem(ILogger logger, string problem) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ServiceLog.WatchdogRefused(logger, problem);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
