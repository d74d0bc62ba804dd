using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store;

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
        IStoreConnectionFactory connections, IEnumerable<IAdapterStatusSource> adapters, CancellationToken cancellationToken)
    {
        StoreHealth store;
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            store = new StoreHealth(connections.Describe(), true, null);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            store = new StoreHealth(connections.Describe(), false, ex.Message);
        }

        var statuses = adapters.Select(a => a.GetStatus()).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var status = !store.Reachable ? "Unhealthy"
            : statuses.Any(s => s.State is AdapterState.Retrying or AdapterState.Faulted) ? "Degraded"
            : "Healthy";
        return TypedResults.Json(
            new HealthReport(status, store, MemoryHealth.Now(sqlite: connections is SqliteConnectionFactory), statuses),
            HealthJsonContext.Default.HealthReport,
            statusCode: store.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
