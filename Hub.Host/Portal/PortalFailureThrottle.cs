using System.Collections.Concurrent;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Counts failed portal token attempts per client address in one-minute windows (issue 16 item 26). Past
/// <c>Hub:Portal:FailedAttemptsPerMinutePerAddress</c> a failed attempt is answered 429 instead of 401, but a request
/// with a valid token is never refused for its address's failures: many customers may share one address (a plant's NAT).
/// </summary>
internal sealed class PortalFailureThrottle(TimeProvider time, HubOptions options, ILogger<PortalFailureThrottle> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Far above the addresses that fail at once; past it, windows that have ended are dropped.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts one failed attempt; null while the address is within its limit, else how long until it may try again.</summary>
    public TimeSpan? RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        if (_counters.Count > PruneAbove)
        {
            foreach (var (key, stale) in _counters)
            {
                if (stale.EndsBefore(now))
                {
                    _counters.TryRemove(key, out _);
                }
            }
        }

        var counter = _counters.GetOrAdd(address, _ => new Counter());
        var limit = options.Portal.FailedAttemptsPerMinutePerAddress;
        var (count, windowEnd) = counter.Add(now);
        if (count <= limit)
        {
            return null;
        }

        if (count == limit + 1)
        {
            PortalLog.FailuresThrottled(logger, count, address);
        }

        return windowEnd - now;
    }

    private sealed class Counter
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _end = DateTimeOffset.MinValue;
        private int _count;

        public bool EndsBefore(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _end <= now;
            }
        }

        public (int Count, DateTimeOffset End) Add(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_end <= now)
                {
                    _end = now + Window;
                    _count = 0;
                }

                return (++_count, _end);
            }
        }
    }
}
