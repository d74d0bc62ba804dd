namespace IntegrationHub.Hub.Host.Store;

/// <summary>The resolutions telemetry history is kept at (issue 17 item 6): raw readings and two rollups.</summary>
internal enum TelemetryResolution
{
    /// <summary>Every reading as it arrived; kept <c>Hub:Telemetry:RawRetention</c>.</summary>
    Raw,

    /// <summary>One bucket per metric and minute; kept <c>Hub:Telemetry:RollupRetention:Minute</c>.</summary>
    Minute,

    /// <summary>One bucket per metric and hour; kept <c>Hub:Telemetry:RollupRetention:Hour</c>.</summary>
    Hour,
}
