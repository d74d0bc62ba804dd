namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>How long the telemetry rollups are kept (<c>Hub:Telemetry:RollupRetention:Minute</c> and <c>:Hour</c>).</summary>
internal sealed record RollupRetentionOptions
{
    /// <summary>1-minute buckets older than this are deleted.</summary>
    /// <value>The default value is 90 days (<c>90.00:00:00</c>); at least <c>Hub:Telemetry:RawRetention</c>.</value>
    public TimeSpan Minute { get; init; } = TimeSpan.FromDays(90);

    /// <summary>1-hour buckets older than this are deleted.</summary>
    /// <value>The default value is 3 years (<c>1096.00:00:00</c>); at least <see cref="Minute"/>.</value>
    public TimeSpan Hour { get; init; } = TimeSpan.FromDays(1096);
}
