namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// How long telemetry history is kept (section <c>Hub:Telemetry</c>, issue 17 item 6): raw readings for days, their
/// 1-minute and 1-hour rollups (min, max, mean, count, last) for months and years.
/// </summary>
internal sealed record TelemetryOptions
{
    /// <summary>Raw readings older than this are deleted once rolled up.</summary>
    /// <value>The default value is 7 days (<c>7.00:00:00</c>); at least 1 minute.</value>
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long each rollup is kept.</summary>
    public RollupRetentionOptions RollupRetention { get; init; } = new();
}
