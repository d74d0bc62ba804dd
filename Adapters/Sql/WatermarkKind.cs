namespace IntegrationHub.Adapters.Sql;

/// <summary>What a source's watermark column holds.</summary>
public enum WatermarkKind
{
    /// <summary>An updated-at time (a timestamp column); the overlap is in seconds.</summary>
    Timestamp,

    /// <summary>A rising whole number (a sequence, a version counter); the overlap is in versions.</summary>
    Version,

    /// <summary>
    /// SQL Server's <c>rowversion</c> (<c>timestamp</c>): 8 bytes, a big-endian unsigned number the server raises on
    /// every write; stored as <c>0x</c> and 16 hexadecimal digits, as SQL Server shows it. The overlap is in versions.
    /// </summary>
    RowVersion,
}
