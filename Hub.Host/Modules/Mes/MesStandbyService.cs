using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// The MES hot standby (issue 18 item 1): opens the OPC UA session as the hub starts, on every node, so that the node
/// that takes the lease <c>mes</c> over only has to subscribe; closes it when the hub stops. Registered before the
/// leased work, so that it starts first and stops last.
/// </summary>
internal sealed class MesStandbyService(MesService mes, IOptions<MesOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Standby)
        {
            return Task.CompletedTask; // Hub:Mes:Standby false: the take-over opens the session
        }

        // In the background: the hub answers while the server is still being reached (or retried).
        _ = mes.ConnectAsync(CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await mes.DisposeAsync().ConfigureAwait(false);
}
