namespace IntegrationHub.Adapters.Sql;

/// <summary>A batch read and prepared, on its way from the reading side to the storing side of a poll.</summary>
/// <param name="Prepared">The batch as the sink prepared it; null when no new row came since the last one (only the counts move on).</param>
/// <param name="Rows">Its rows' keys and watermarks, for the de-duplication window once it is stored.</param>
/// <param name="Reached">The watermark the batch brings the source to.</param>
/// <param name="Read">Rows read for it, duplicates included.</param>
/// <param name="Duplicates">Rows read for it and skipped as already stored.</param>
internal sealed record SqlPendingBatch(PreparedSqlBatch? Prepared, SqlCommittedRows Rows, long Reached, long Read, long Duplicates);
