using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// The lease runner's logic on a fake clock (issue 18 item 1): it starts the work when it takes the lease, renews it
/// every interval, stops the work when a renewal fails, finds the lease taken or a fenced write refused, and takes the
/// lease back when it is free. The lease store is a real one (a SQLite hub's); its expiry is the database's clock, so
/// the leases here last an hour and only the runner's own waits are on the fake clock.
/// </summary>
public sealed class LeasedWorkTests
{
    private const string Name = "test:probe";
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(3);

    private static readonly HubOptions Options = new()
    {
        NodeId = "node-a",
        Leases = new LeaseOptions { Duration = TimeSpan.FromHours(1), RenewInterval = Renew, RetryInterval = Retry },
    };

    [Fact]
    public async Task Start_TakesTheLease_WorkRunsWithItsFence_StopReleasesItForAnotherNodeAtOnce()
    {
        await using var rig = await Rig.StartAsync();
        var (leases, _, logs, probe, runner) = rig;

        Assert.Equal(1, probe.Starts);
        var held = Assert.IsType<LeaseGrant>(runner.Held);
        var fence = await probe.FenceSeenAsync();
        Assert.Equal((Name, held.Token), (fence.Name, fence.Token));
        Assert.Equal("node-a", Assert.Single(await leases.ListAsync(CancellationToken.None), r => r.Name == Name).Holder);
        Assert.Contains(logs.Entries, e => e.EventId == 1650 && e.Message.Contains($"{Name} taken by node node-a with token {held.Token}", StringComparison.Ordinal));

        await runner.StopAsync(CancellationToken.None);

        Assert.Equal(1, probe.Stops);
        Assert.Null(runner.Held);
        Assert.Contains(logs.Entries, e => e.EventId == 1652);
        Assert.Equal(held.Token + 1, (await leases.TryAcquireAsync(Name, "node-b", TimeSpan.FromHours(1), CancellationToken.None))?.Token);
    }

    [Fact]
    public async Task EveryRenewInterval_TheLeaseIsRenewed_WorkKeepsRunning()
    {
        await using var rig = await Rig.StartAsync(real => new FlakyLeaseStore(real));
        var (leases, time, logs, probe, runner) = rig;
        var store = (FlakyLeaseStore)rig.RunnerStore;
        var first = runner.Held!;

        // Counted at the store rather than read off the expiry: the database's clock has millisecond steps, and a
        // renewal in the same millisecond as the acquisition returns the same expiry (CI saw it once).
        for (var i = 1; i <= 3; i++)
        {
            await AdvanceWhenArmedAsync(time, Renew);
            await WaitUntilAsync(() => store.Renewals == i && runner.Held == store.LastRenewed, $"renewal {i}", logs);
        }

        var row = Assert.Single(await leases.ListAsync(CancellationToken.None), r => r.Name == Name);
        Assert.Equal(("node-a", first.Token, true, runner.Held!.ExpiresAt), (row.Holder, row.Token, row.Live, row.ExpiresAt));
        Assert.True(row.ExpiresAt >= first.ExpiresAt);
        Assert.Equal((1, 0), (probe.Starts, probe.Stops));
        Assert.DoesNotContain(logs.Entries, e => e.EventId == 1651);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task LeaseTakenByAnotherNode_RenewalFindsIt_WorkStops_WaitsWhileHeld_TakesItBackWhenFree()
    {
        await using var rig = await Rig.StartAsync();
        var (leases, time, logs, probe, runner) = rig;
        var mine = runner.Held!;

        // Another node takes the lease (as after this node's pause longer than the lease).
        await leases.ReleaseAsync(mine, CancellationToken.None);
        var theirs = (await leases.TryAcquireAsync(Name, "node-b", TimeSpan.FromHours(1), CancellationToken.None))!;
        await AdvanceWhenArmedAsync(time, Renew);

        await WaitUntilAsync(() => probe.Stops == 1, "the work stopped", logs);
        Assert.Null(runner.Held);
        Assert.Contains(logs.Entries, e => e.EventId == 1651 && e.Message.Contains($"token {mine.Token}): another node holds it now", StringComparison.Ordinal));

        await AdvanceWhenArmedAsync(time, Retry);
        await WaitUntilAsync(() => logs.Entries.Any(e => e.EventId == 1654), "the 'held elsewhere' line", logs);
        Assert.Equal(1, probe.Starts);

        await leases.ReleaseAsync(theirs, CancellationToken.None);
        await AdvanceWhenArmedAsync(time, Retry);

        await WaitUntilAsync(() => probe.Starts == 2, "the work started again", logs);
        Assert.Equal(theirs.Token + 1, runner.Held?.Token);
        Assert.Equal(2, runner.Acquisitions);
        await runner.StopAsync(CancellationToken.None);
        Assert.Equal(2, probe.Stops);
    }

    [Fact]
    public async Task RenewalFails_WorkStops_LeaseTakenAgainWithANewTokenOnceItRunsOut()
    {
        await using var rig = await Rig.StartAsync(real => new FlakyLeaseStore(real));
        var (leases, time, logs, probe, runner) = rig;
        var flaky = (FlakyLeaseStore)rig.RunnerStore;
        var first = runner.Held!;

        flaky.FailRenewals = true;
        await AdvanceWhenArmedAsync(time, Renew);

        await WaitUntilAsync(() => probe.Stops == 1, "the work stopped", logs);
        Assert.Contains(logs.Entries, e => e.EventId == 1651 && e.Message.Contains("the renewal failed: connection refused (test)", StringComparison.Ordinal));

        // Still live in the store: the node waits for its own lease to run out like any other; here it runs out.
        flaky.FailRenewals = false;
        await AdvanceWhenArmedAsync(time, Retry);
        await WaitUntilAsync(() => logs.Entries.Any(e => e.EventId == 1654), "the 'held elsewhere' line", logs);
        await leases.ReleaseAsync(first, CancellationToken.None);
        await AdvanceWhenArmedAsync(time, Retry);

        await WaitUntilAsync(() => probe.Starts == 2, "the work started again", logs);
        Assert.Equal(first.Token + 1, runner.Held?.Token);
        Assert.Equal(first.Token + 1, (await probe.FenceSeenAsync()).Token);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FencedWriteRefused_WorkStopsWithoutWaitingForTheRenewal()
    {
        await using var rig = await Rig.StartAsync();
        var (_, _, logs, probe, runner) = rig;
        var fence = await probe.FenceSeenAsync();

        var error = fence.Refuse("test write");

        Assert.Contains($"lease '{Name}': token {fence.Token} is no longer the holder's", error.Message, StringComparison.Ordinal);
        // No clock step: the refusal alone ends the runner's wait.
        await WaitUntilAsync(() => probe.Stops == 1, "the work stopped", logs);
        Assert.Contains(logs.Entries, e => e.EventId == 1651 && e.Message.Contains("a write of the work was refused", StringComparison.Ordinal));
        Assert.Null(runner.Held);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task DisposedWithoutStopping_WorkStops_LeaseLeftToRunOut()
    {
        await using var rig = await Rig.StartAsync();
        var (leases, _, logs, probe, runner) = rig;

        runner.Dispose();

        await WaitUntilAsync(() => probe.Stops == 1, "the work stopped", logs);
        Assert.DoesNotContain(logs.Entries, e => e.EventId == 1652);
        Assert.Null(await leases.TryAcquireAsync(Name, "node-b", TimeSpan.FromHours(1), CancellationToken.None));
    }

    /// <summary>A SQLite hub for its lease store, a fake clock, and a runner of a probe work, started.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly TestHub _hub;

        private Rig(TestHub hub, Func<ILeaseStore, ILeaseStore>? wrap)
        {
            _hub = hub;
            Leases = hub.Services.GetRequiredService<ILeaseStore>();
            RunnerStore = wrap?.Invoke(Leases) ?? Leases;
            Runner = new LeasedWork(Name, Probe, RunnerStore, Options, Time, Logs.CreateLogger<LeasedWork>());
        }

        /// <summary>The real lease store, for the test's other "node".</summary>
        public ILeaseStore Leases { get; }

        /// <summary>The store the runner uses: the real one, or a wrapper of it.</summary>
        public ILeaseStore RunnerStore { get; }

        public ManualTimeProvider Time { get; } = new();

        public LogCollectingFactory Logs { get; } = new();

        public ProbeWork Probe { get; } = new();

        public LeasedWork Runner { get; }

        public static async Task<Rig> StartAsync(Func<ILeaseStore, ILeaseStore>? wrap = null)
        {
            var rig = new Rig(await TestHub.StartAsync(), wrap);
            await rig.Runner.StartAsync(CancellationToken.None);
            return rig;
        }

        public void Deconstruct(out ILeaseStore leases, out ManualTimeProvider time, out LogCollectingFactory logs, out ProbeWork probe, out LeasedWork runner) =>
            (leases, time, logs, probe, runner) = (Leases, Time, Logs, Probe, Runner);

        public async ValueTask DisposeAsync()
        {
            Runner.Dispose();
            await _hub.DisposeAsync();
        }
    }

    // Moves the fake clock once the runner waits on it (its delay is armed exactly `step` ahead).
    private static async Task AdvanceWhenArmedAsync(ManualTimeProvider time, TimeSpan step)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!time.HasTimerDueIn(step))
        {
            // A poll interval inside a condition wait with a hang guard.
            await Task.Delay(5, hangGuard.Token);
        }

        time.Advance(step);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, LogCollectingFactory logs)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            try
            {
                // A poll interval inside a condition wait with a hang guard.
                await Task.Delay(5, hangGuard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited in vain for {what}. Runner log:\n{string.Join('\n', logs.Entries)}");
            }
        }
    }

    /// <summary>A unit of leased work that counts its starts and stops and notes the fence its run loop sees.</summary>
    private sealed class ProbeWork : BackgroundService
    {
        private TaskCompletionSource<LeaseFence> _fence = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _starts;
        private int _stops;

        public int Starts => Volatile.Read(ref _starts);

        public int Stops => Volatile.Read(ref _stops);

        public Task<LeaseFence> FenceSeenAsync() => _fence.Task.WaitAsync(TimeSpan.FromSeconds(60));

        public override Task StartAsync(CancellationToken cancellationToken)
        {
            _fence = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Increment(ref _starts);
            return base.StartAsync(cancellationToken);
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken);
            Interlocked.Increment(ref _stops);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // After a yield, as a work's loop sees it: the fence flows with the asynchronous flow, not the call.
            await Task.Yield();
            _fence.TrySetResult(LeaseFence.Current!);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = stoppingToken.Register(() => stopped.TrySetResult());
            await stopped.Task;
        }
    }

    /// <summary>The real lease store, whose renewals fail on demand (the database unreachable) and are counted.</summary>
    private sealed class FlakyLeaseStore(ILeaseStore inner) : ILeaseStore
    {
        private int _renewals;
        private LeaseGrant? _lastRenewed;

        public volatile bool FailRenewals;

        /// <summary>How many renewals the real store granted.</summary>
        public int Renewals => Volatile.Read(ref _renewals);

        /// <summary>The grant the last renewal returned.</summary>
        public LeaseGrant? LastRenewed => Volatile.Read(ref _lastRenewed);

        public Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
            inner.TryAcquireAsync(name, holder, duration, cancellationToken);

        public async Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (FailRenewals)
            {
                throw new InvalidOperationException("connection refused (test)");
            }

            var renewed = await inner.RenewAsync(grant, duration, cancellationToken);
            if (renewed is not null)
            {
                Volatile.Write(ref _lastRenewed, renewed);
                Interlocked.Increment(ref _renewals);
            }

            return renewed;
        }

        public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) => inner.ReleaseAsync(grant, cancellationToken);

        public Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }

    /// <summary>Keeps the runner's log lines with their event ids.</summary>
    private sealed class LogCollectingFactory
    {
        private readonly LogCollector _collector = new();

        public IReadOnlyList<(LogLevel Level, int EventId, string Category, string Message)> Entries => _collector.Entries;

        public ILogger<T> CreateLogger<T>() => new Logger<T>(new LoggerFactory([_collector]));
    }
}
