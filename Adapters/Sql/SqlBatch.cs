using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Sql;

/// <summary>Rows of one source and the watermark they bring the source to; stored together or not at all.</summary>
/// <param name="Source">The source name.</param>
/// <param name="Records">The rows, as source records.</param>
/// <param name="Watermark">The watermark in its stored text form (see <see cref="Sql.Watermark.Format"/>).</param>
public sealed record SqlBatch(string Source, IReadOnlyList<SourceRecord> Records, string Watermark);
