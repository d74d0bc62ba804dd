namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// What a column holds, as both stores declare it: SQLite's declared type and PostgreSQL's column type. The copy
/// checks each value read from SQLite (dynamically typed) against it before PostgreSQL sees the value.
/// </summary>
internal enum CopyColumnType
{
    /// <summary>TEXT on both.</summary>
    Text,

    /// <summary>BIGINT on both (times as Unix microseconds, counts, generations).</summary>
    BigInt,

    /// <summary>INTEGER: 64 bits on SQLite, 32 on PostgreSQL, so a value outside 32 bits is refused, naming its row.</summary>
    Integer,

    /// <summary>DOUBLE PRECISION on both.</summary>
    DoublePrecision,

    /// <summary>BLOB on SQLite, BYTEA on PostgreSQL.</summary>
    Bytes,
}
