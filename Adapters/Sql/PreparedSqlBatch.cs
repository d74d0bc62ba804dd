namespace IntegrationHub.Adapters.Sql;

/// <summary>A batch readied by <see cref="ISqlBatchSink.Prepare"/>, waiting to be stored in its turn.</summary>
/// <param name="Batch">The rows and the watermark they reach.</param>
/// <param name="State">What the sink made of the rows (the hub: the mapped changes and dead letters); null when nothing.</param>
public sealed record PreparedSqlBatch(SqlBatch Batch, object? State);
