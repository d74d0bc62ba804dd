namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// A clock that never moves: its timers never fire. An operation that completes under it did not wait for a timeout,
/// which is what a wall-clock bound used to try to show (issue 16, flaky tests under load).
/// </summary>
internal sealed class FrozenTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => 0;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
