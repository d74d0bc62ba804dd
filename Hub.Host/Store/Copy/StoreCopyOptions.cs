namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>The pace of <c>hub store copy</c>: rows per COPY statement, and how often progress is reported.</summary>
internal sealed record StoreCopyOptions
{
    /// <summary>Rows sent in one binary COPY; a refused row is named from the rows of its COPY.</summary>
    /// <value>The default value is 10,000.</value>
    public int ChunkRows { get; init; } = 10_000;

    /// <summary>A progress line (standard error) after this many more rows of one table...</summary>
    /// <value>The default value is 100,000.</value>
    public long ProgressRows { get; init; } = 100_000;

    /// <summary>...or when this long has passed since the last line, whichever comes first.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);
}
