namespace IntegrationHub.Crm.Core.Telemetry;

/// <summary>One measured value of one metric of an asset.</summary>
public sealed record TelemetryReading(
    string AssetId,
    string Metric,
    double Value,
    string? Unit,
    DateTimeOffset Timestamp,
    ReadingQuality Quality = ReadingQuality.Good);
