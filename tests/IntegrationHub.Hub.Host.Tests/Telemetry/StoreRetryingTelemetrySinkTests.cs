using System.Net.Sockets;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Telemetry;
using IntegrationHub.Tests.Common;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Telemetry;

/// <summary>
/// The hold-and-retry of telemetry while the store is unreachable (issue 17), on a manual clock: the back-off steps,
/// what /health is given at each, and what is not retried.
/// </summary>
public sealed class StoreRetryingTelemetrySinkTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private static readonly AdapterStatus Running = new() { Name = "mqtt", State = AdapterState.Running };

    [Fact]
    public async Task StoreAsync_StoreUnreachableThreeTimes_HeldRetryingStepByStep_ThenStoredOnce()
    {
        var time = new ManualTimeProvider();
        var log = new ListLogger();
        var inner = new FailingSink(3, () => new NpgsqlException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused)));
        using var sink = new StoreRetryingTelemetrySink(inner, time, log, "PostgreSQL 127.0.0.1:1/hub as hub");

        var storing = sink.StoreAsync([Reading()], [], CancellationToken.None);
        for (var step = 1; step <= 3; step++)
        {
            await WaitForAsync(() => sink.Overlay(Running).Counts["storeRetryStep"] == step);
            var held = sink.Overlay(Running);
            Assert.Equal(AdapterState.Retrying, held.State);
            Assert.Contains($"retry step {step},", held.LastError, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL 127.0.0.1:1/hub as hub", held.LastError, StringComparison.Ordinal);
            Assert.Equal<DateTimeOffset?>(time.GetUtcNow(), held.LastErrorAt);
            Assert.False(storing.IsCompleted);
            Assert.Equal(step, inner.Calls);

            // Only the clock ends the wait: the back-off's delay is a timer of the manual clock, at most MaxDelay away.
            await WaitForAsync(() => time.AdvanceToNextTimer(StoreRetryingTelemetrySink.MaxDelay));
        }

        Assert.Equal(0, await storing.WaitAsync(HangGuard));
        Assert.Equal(4, inner.Calls);
        var after = sink.Overlay(Running);
        Assert.Equal(AdapterState.Running, after.State);
        Assert.Equal(0, after.Counts["storeRetryStep"]);
        Assert.Equal(3, after.Counts["storeRetries"]);
        Assert.Equal(3, log.Entries.Count(e => e.EventId == 1526));
        Assert.Single(log.Entries, e => e.EventId == 1527);
    }

    [Fact]
    public async Task StoreAsync_StatementRefused_FailsAtOnceSoTheClientWithholdsTheAcknowledgements()
    {
        var time = new ManualTimeProvider();
        var inner = new FailingSink(1, () => new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation));
        using var sink = new StoreRetryingTelemetrySink(inner, time, new ListLogger(), "PostgreSQL");

        await Assert.ThrowsAsync<PostgresException>(() => sink.StoreAsync([Reading()], [], CancellationToken.None));

        Assert.Equal(1, inner.Calls);
        Assert.Equal(0, sink.Overlay(Running).Counts["storeRetries"]);
        Assert.Equal(0, time.TimersCreated);
    }

    [Fact]
    public async Task Stop_WhileABatchIsHeld_EndsTheWaitWithoutStoringIt()
    {
        var time = new ManualTimeProvider();
        var inner = new FailingSink(int.MaxValue, () => new NpgsqlException("Exception while reading from stream", new EndOfStreamException()));
        using var sink = new StoreRetryingTelemetrySink(inner, time, new ListLogger(), "PostgreSQL");
        var storing = sink.StoreAsync([Reading()], [], CancellationToken.None);
        await WaitForAsync(() => sink.Overlay(Running).Counts["storeRetryStep"] == 1);

        sink.Stop();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storing.WaitAsync(HangGuard));
        Assert.Equal(1, inner.Calls);
    }

    private static SourceRecord Reading() =>
        new("plant-telemetry", "plant/suzhou/EQ-1/telemetry", new Dictionary<string, string?> { ["metric"] = "temperature", ["value"] = "70" }, ManualTimeProvider.DefaultStart);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    /// <summary>A store that fails the first <c>failures</c> calls with the exception given, then stores.</summary>
    private sealed class FailingSink(int failures, Func<Exception> failure) : ITelemetrySink
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures ? Task.FromException<int>(failure()) : Task.FromResult(0);
    }
}
