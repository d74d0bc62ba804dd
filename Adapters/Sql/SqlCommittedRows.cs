namespace IntegrationHub.Adapters.Sql;

/// <summary>The keys and watermarks of one stored batch, for the de-duplication window of the polls that follow.</summary>
/// <param name="Keys">The row keys, in reading order.</param>
/// <param name="Watermarks">Each row's watermark, at the same index.</param>
/// <param name="Highest">The highest of them.</param>
internal sealed record SqlCommittedRows(string[] Keys, long[] Watermarks, long Highest);
