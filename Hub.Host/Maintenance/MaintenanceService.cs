namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>
/// Runs <see cref="MaintenancePass"/> at start and then every <see cref="Interval"/>, as leased work
/// <c>maintenance</c>: on one node at a time (the pass's unique interval key keeps it exactly once even when two nodes
/// overlap during a hand-over).
/// </summary>
internal sealed class MaintenanceService(MaintenancePass pass, TimeProvider time, ILogger<MaintenanceService> logger) : BackgroundService
{
    /// <summary>The work's name, its lease's.</summary>
    public const string Work = "maintenance";

    /// <summary>How often the plans are evaluated: maintenance falls due in hours and days, so a minute is prompt enough.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await pass.RunAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    MaintenanceLog.PassFailed(logger, ex, ex.Message);
                }

                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or the lease went to another node, which runs the passes from here on.
        }
    }
}
