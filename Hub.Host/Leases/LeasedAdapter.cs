using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Leases;

/// <summary>
/// One running adapter (a database or REST poller) as a hosted service, so that each poller is leased on its own
/// (issue 18 item 1: "each database and REST poller") while <c>AdapterRunner</c> keeps owning and disposing them.
/// </summary>
internal sealed class LeasedAdapter(IRunningAdapter adapter) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => adapter.RunAsync(stoppingToken);
}
