namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// The size of the next batch of one retention step (issue 17 item 6: the default settings must keep up with a plant's
/// readings without a site tuning <c>Hub:Retention:BatchSize</c>). A step starts at the setting. While batches come back
/// full (there is a backlog) the next one is twice as big, up to <see cref="MaxFactor"/> times the setting; a batch that
/// took longer than <see cref="Slow"/> on the hub's clock halves the next one, never below the setting.
/// </summary>
/// <remarks>
/// The fixed cost of a batch (its commit, the pause, a wake-up) is what made a pass of 250-row batches fall behind
/// 5,000 readings/s; bigger batches while there is a backlog pay it far less often. Growth is not gated on a batch
/// being quick: on a busy machine (the soak of session 18 ran at a load average of 60-80 on 2 cores) every batch is
/// slow from waiting for a CPU, not from its size, and a gate of 20 ms kept batches at 250-500 rows, so passes fell
/// behind exactly when the CPU was scarcest. Only a batch slower than <see cref="Slow"/> is taken as the database
/// itself struggling. With the default 250 the largest batch is 2,000 rows, which kept up at 5,000 readings/s in
/// session 17's soak.
/// </remarks>
internal sealed class AdaptiveBatch
{
    /// <summary>How far above <c>Hub:Retention:BatchSize</c> a batch may grow (2,000 rows with the default 250).</summary>
    public const int MaxFactor = 8;

    /// <summary>The validator's ceiling of <c>Hub:Retention:BatchSize</c>: no batch grows past it either.</summary>
    public const int Ceiling = 100_000;

    /// <summary>A batch that took longer than this halves the next one: ingest waited too long for the write lock.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(100);

    private readonly int _smallest;
    private readonly int _largest;

    public AdaptiveBatch(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _smallest = batchSize;
        _largest = (int)Math.Max(batchSize, Math.Min((long)batchSize * MaxFactor, Ceiling));
        Size = batchSize;
    }

    /// <summary>The rows the next batch may take.</summary>
    public int Size { get; private set; }

    /// <summary>Records a batch of <see cref="Size"/> that handled <paramref name="rows"/> in <paramref name="took"/>.</summary>
    /// <returns>Whether the batch was full, so that there may be more to do.</returns>
    public bool Record(int rows, TimeSpan took)
    {
        var full = rows >= Size;
        if (took > Slow)
        {
            Size = Math.Max(_smallest, Size / 2);
        }
        else if (full)
        {
            Size = Math.Min(_largest, Size * 2);
        }

        return full;
    }
}
