namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// The hub's meter names, one per area (issue 19 item 2). The exporter names a Prometheus metric after the meter and
/// the instrument, lower case, with every other character than a letter or a digit as <c>_</c>: the instrument
/// <c>records.stored</c> of <c>IntegrationHub.Adapters</c> is <c>integrationhub_adapters_records_stored</c>.
/// </summary>
internal static class HubMeters
{
    /// <summary>What the adapters take in, store and reject, their errors, state and lag.</summary>
    public const string Adapters = "IntegrationHub.Adapters";

    /// <summary>The store's commits, size and the disk under the data folder.</summary>
    public const string Store = "IntegrationHub.Store";

    /// <summary>The outbox's messages by status.</summary>
    public const string Outbox = "IntegrationHub.Outbox";

    /// <summary>The rules stage's passes.</summary>
    public const string Rules = "IntegrationHub.Rules";

    /// <summary>Tickets opened and escalated.</summary>
    public const string Tickets = "IntegrationHub.Tickets";

    /// <summary>ASP.NET Core's own meter: <c>http.server.request.duration</c> by route and status (the portal's requests among them).</summary>
    public const string AspNetCoreHosting = "Microsoft.AspNetCore.Hosting";

    /// <summary>The .NET runtime's own meter (process memory, GC, threads), by OpenTelemetry's semantic conventions.</summary>
    public const string Runtime = "System.Runtime";

    /// <summary>Whether the exporter publishes instruments of this meter.</summary>
    public static bool IsExported(string meterName) =>
        meterName.StartsWith("IntegrationHub.", StringComparison.Ordinal) || meterName is AspNetCoreHosting or Runtime;
}
