namespace IntegrationHub.Adapters.Files;

/// <summary>Settings of the file-drop adapter. Relative folders are resolved against the hub's data folder.</summary>
public sealed record FileDropOptions
{
    /// <summary>Where ERP and WMS exports are dropped.</summary>
    /// <value>The default value is <c>inbox</c>.</value>
    public string Inbox { get; init; } = "inbox";

    /// <summary>Where a file goes once all its rows are stored.</summary>
    /// <value>The default value is <c>processed</c>.</value>
    public string Processed { get; init; } = "processed";

    /// <summary>Where error reports (<c>&lt;file&gt;.errors.csv</c>) and unreadable files go.</summary>
    /// <value>The default value is <c>failed</c>.</value>
    public string Failed { get; init; } = "failed";

    /// <summary>How often the inbox is scanned.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a file's size and last write time must stay unchanged before it is read, so that a file still
    /// being copied is left alone. Ignored when <see cref="DoneMarkerSuffix"/> is set.
    /// </summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan StableFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When set (for example <c>.done</c>), a file is read only once a marker file of that name exists beside it
    /// (<c>orders.csv.done</c>): for exporters that write the marker when they have finished.
    /// </summary>
    /// <value>The default value is null: files are read once their size is stable.</value>
    public string? DoneMarkerSuffix { get; init; }

    /// <summary>How many rows are handed to the store in one transaction.</summary>
    /// <value>The default value is 2,000.</value>
    public int BatchSize { get; init; } = 2_000;

    /// <summary>
    /// The largest file the inbox reads; a larger one is refused whole and moved to failed/ (issue 16, item 1).
    /// </summary>
    /// <value>The default value is 256 MiB.</value>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// The longest line (and CSV record) the inbox reads; a file with a longer one is refused whole and moved to
    /// failed/, so that one endless line cannot fill the hub's memory (issue 16, item 1).
    /// </summary>
    /// <value>The default value is 1 MiB.</value>
    public int MaxRowBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The most rejected rows of one file kept as dead letters and listed in its error report; past it the file is
    /// kept whole in failed/ with the count of the rest, instead of being amplified into the store (issue 16, item 6).
    /// </summary>
    /// <value>The default value is 1,000.</value>
    public int MaxDeadLettersPerFile { get; init; } = 1_000;

    /// <summary>
    /// The share of rejected rows (0 to 1) past which a file is not an export of its source: it is kept whole in
    /// failed/ with one reason. Judged once at least <see cref="MinRowsForRejectedShare"/> rows are read.
    /// </summary>
    /// <value>The default value is 0.5.</value>
    public double MaxRejectedShare { get; init; } = 0.5;

    /// <summary>How many rows must be read before <see cref="MaxRejectedShare"/> is judged, so that a small file with a few bad rows is imported.</summary>
    /// <value>The default value is 100.</value>
    public int MinRowsForRejectedShare { get; init; } = 100;
}
