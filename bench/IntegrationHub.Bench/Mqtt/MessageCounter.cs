using System.Diagnostics;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// The whole message handler of the benchmark's counting subscribers (the bare client, MQTTnet): notes the clock of the
/// first and the latest message and completes once <c>count</c> messages arrived. Called one message at a time.
/// </summary>
internal sealed class MessageCounter(long count)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;
    private long _first;
    private long _last;

    /// <summary>Gets the number of messages counted so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Gets the seconds from the first to the latest message.</summary>
    public double Seconds => Stopwatch.GetElapsedTime(_first, _last).TotalSeconds;

    public void Count()
    {
        var now = Stopwatch.GetTimestamp();
        if (_received == 0)
        {
            _first = now;
        }

        _last = now;
        if (Interlocked.Increment(ref _received) == count)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Waits for every message, or <paramref name="limit"/>; true when all arrived.</summary>
    public async Task<bool> WaitAsync(TimeSpan limit, CancellationToken cancellationToken) =>
        await Task.WhenAny(_done.Task, Task.Delay(limit, cancellationToken)).ConfigureAwait(false) == _done.Task;
}
