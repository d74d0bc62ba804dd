namespace IntegrationHub.Hub.Host.Store.Backup;

/// <summary>What a backup file holds: its schema version and the rows of each table, as read from the file itself.</summary>
/// <param name="Path">The file.</param>
/// <param name="SchemaVersion">The newest schema step applied to it.</param>
/// <param name="Tables">Each table with its rows, by name.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Elapsed">How long the backup or restore took (zero when the file was only read).</param>
/// <param name="Photos">The data folder's photos the file carries (not counted among the tables).</param>
/// <param name="Skipped">What of photos/ the backup passed over, and why (links are not followed).</param>
internal sealed record BackupSummary(
    string Path, int SchemaVersion, IReadOnlyList<(string Table, long Rows)> Tables, long Bytes, TimeSpan Elapsed, long Photos = 0, IReadOnlyList<string>? Skipped = null);
