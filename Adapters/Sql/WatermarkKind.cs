namespace IntegrationHub.Adapters.Sql;

/// <summary>What a source's watermark column holds.</summary>
public enum WatermarkKind
{
    /// <summary>An updated-at time (a timestamp column); the overlap is in seconds.</summary>
    Timestamp,

    /// <summary>A rising version number (a sequence, a rowversion as a number); the overlap is in versions.</summary>
    Version,
}
