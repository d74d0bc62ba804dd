using System.Collections.Concurrent;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Counts the live order pages each customer has open, so that one customer (or one leaked token) cannot hold an
/// unbounded number of streams, each of which polls the store.
/// </summary>
internal sealed class PortalLiveStreams
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease that ends the stream's count when disposed; null when the customer already has <paramref name="limit"/> open.</summary>
    public IDisposable? TryOpen(string customerCode, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(customerCode, 0);
            if (current >= limit)
            {
                return null;
            }

            if (_open.TryUpdate(customerCode, current + 1, current))
            {
                return new Lease(this, customerCode);
            }
        }
    }

    private void Close(string customerCode) => _open.AddOrUpdate(customerCode, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class Lease(PortalLiveStreams owner, string customerCode) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Close(customerCode);
            }
        }
    }
}
