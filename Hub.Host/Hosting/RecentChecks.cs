using System.Collections.Concurrent;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Remembers, for a few seconds, that a session was found valid in the store, so that a page's burst of requests
/// costs one look-up (issue 16 item 3: "cached for seconds at most"). Only successes are remembered: a refused
/// cookie is cleared from the browser, and made-up ones must not fill memory. Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RecentChecks(TimeProvider time)
{
    // Far above the sessions a plant's desk and portal hold at once; past it, expired entries are dropped.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _validUntil = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="key"/> was found valid less than its interval ago.</summary>
    public bool IsFresh(string key) => _validUntil.TryGetValue(key, out var until) && time.GetUtcNow() < until;

    /// <summary>Remembers a success for <paramref name="interval"/>; zero or less remembers nothing.</summary>
    public void Remember(string key, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_validUntil.Count > PruneAbove)
        {
            foreach (var (staleKey, until) in _validUntil)
            {
                if (until <= now)
                {
                    _validUntil.TryRemove(staleKey, out _);
                }
            }
        }

        _validUntil[key] = now + interval;
    }

    /// <summary>Forgets a success at once: the session ended in this process.</summary>
    public void Forget(string key) => _validUntil.TryRemove(key, out _);
}
