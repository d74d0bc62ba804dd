using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Telemetry;

/// <summary>
/// One metric of one asset with its latest reading: the machine's current state, one record per metric. Each
/// version the store accepts is also a reading of the asset's history; an older reading arriving late is kept in
/// the history but does not replace the latest value.
/// </summary>
public sealed record AssetMetric : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.AssetMetric;

    public override string Key => KeyParts.Join(AssetId, Metric);

    public required string AssetId { get; init; }

    /// <summary>The metric's name, for example <c>temperature</c> or <c>spindle_speed</c>.</summary>
    public required string Metric { get; init; }

    public required decimal Value { get; init; }

    public string? Unit { get; init; }

    /// <summary>When the device measured the value.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <value>The default value is <see cref="ReadingQuality.Good"/>.</value>
    public ReadingQuality Quality { get; init; } = ReadingQuality.Good;
}
