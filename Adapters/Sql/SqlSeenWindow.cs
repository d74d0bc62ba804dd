namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// The rows already stored whose watermark lies in the overlap window, by key, so that a poll, which reads the window
/// again, skips them. Used by the reading side only: the storing side hands over what it committed in whole batches
/// (<see cref="Add"/>) once the poll's storing has stopped, never while rows are being read.
/// </summary>
internal sealed class SqlSeenWindow
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>The highest watermark held; a row above it cannot have been seen, and is not looked up.</summary>
    public long Highest { get; private set; } = long.MinValue;

    public int Count => _seen.Count;

    /// <summary>Whether the row with this key and watermark has been stored already.</summary>
    public bool Contains(string key, long watermark) =>
        watermark <= Highest && _seen.TryGetValue(key, out var seenAt) && seenAt == watermark;

    /// <summary>
    /// Takes in the rows of committed batches, in the order they were stored, then forgets every row below
    /// <paramref name="lower"/> (the next poll's start): those cannot be read again.
    /// </summary>
    public void Add(IEnumerable<SqlCommittedRows> committed, long lower)
    {
        foreach (var batch in committed)
        {
            if (batch.Highest < lower)
            {
                continue;
            }

            for (var i = 0; i < batch.Keys.Length; i++)
            {
                if (batch.Watermarks[i] >= lower)
                {
                    _seen[batch.Keys[i]] = batch.Watermarks[i];
                    Highest = Math.Max(Highest, batch.Watermarks[i]);
                }
            }
        }

        // Removing while enumerating is allowed for Dictionary.Remove (.NET Core 3.0 and later).
        foreach (var (key, watermark) in _seen)
        {
            if (watermark < lower)
            {
                _seen.Remove(key);
            }
        }
    }
}
