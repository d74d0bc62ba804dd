using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

namespace IntegrationHub.Hub.Host.Health;

/// <summary>
/// <c>/health</c>: Healthy, Degraded (an adapter is retrying or faulted; the hub still serves) or Unhealthy (the
/// store does not answer; 503). <c>/health/live</c>: the process answers at all, touching nothing.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", GetHealthAsync);
        endpoints.MapGet("/health/live", () => TypedResults.Text("ok"));
        return endpoints;
    }

    private static async Task<IResult> GetHealthAsync(
        IStoreHealthProbe probe, IStoreStatistics statistics, HubOptions options, IEnumerable<IAdapterStatusSource> adapters,
        ILeaseStore leaseStore, IEnumerable<LeasedWork> leased, IEnumerable<RulesStageService> rulesStage, IChangeFeed changes,
        IEnumerable<MqttSessionAdoption> adoption, CancellationToken cancellationToken)
    {
        var check = await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
        var store = new StoreHealth(check.Description, check.Reachable, check.Error);
        if (check.Reachable)
        {
            try
            {
                // Issue 17 item 6: the database's size and the oldest raw reading show whether retention keeps up.
                var stats = await statistics.ReadAsync(cancellationToken).ConfigureAwait(false);
                store = store with { SizeBytes = stats.SizeBytes, FreeBytes = stats.FreeBytes, OldestReading = stats.OldestRawReading };
            }
            catch (Exception ex) when (StoreFaults.IsTransient(ex))
            {
                // The database went away between the probe and this query (issue 17, "PostgreSQL stopped
                // mid-stream"): said as unreachable, not answered with a 500.
                store = store with { Reachable = false, Error = ex.Message };
            }
        }

        // Issue 18: the MQTT sessions this node adopted from dead nodes show as adapters of their own.
        var statuses = adapters.Select(a => a.GetStatus()).Concat(adoption.SelectMany(a => a.Statuses)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        // Issue 18 item 4: a node that does not hear changes serves live pages only at their slow fall-back re-read.
        var feed = changes.Status;
        var status = !store.Reachable ? "Unhealthy"
            : statuses.Any(s => s.State is AdapterState.Retrying or AdapterState.Faulted) || feed.State == ChangeFeedState.Reconnecting ? "Degraded"
            : "Healthy";
        var leases = await LeaseHealthReader.ReadAsync(
            leaseStore, leased, [.. rulesStage.SelectMany(r => r.Leases.Snapshot), .. adoption.SelectMany(a => a.Held)], store.Reachable, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(
            new HealthReport(status, options.NodeId, store, MemoryHealth.Now(sqlite: !options.Store.IsPostgreSql), statuses, leases, feed),
            HealthJsonContext.Default.HealthReport,
            statusCode: store.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
