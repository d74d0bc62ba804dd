using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Web;

/// <summary>
/// The server-sent events of one live page (the portal's order page, the desk's queue), driven by the change feed
/// (issue 18 item 4): the page's state is read once at start, again whenever the feed tells of a change the page is
/// interested in (notices between two reads fold into one read), and at the latest every <c>fallback</c> as a safety
/// net; a <c>ping</c> after 20 quiet seconds keeps proxies from closing the connection. No read happens for a ping.
/// </summary>
internal static class LiveEventStream
{
    /// <summary>A quiet stream sends a ping this often.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The stream's events. <paramref name="read"/> returns null to end the stream (credentials revoked, the order no
    /// longer the customer's). The subscription and the page's quota lease are disposed when the stream ends.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<string>> RunAsync(
        ChangeSubscription changes, IDisposable lease, Func<CancellationToken, Task<LiveRead?>> read, TimeProvider time, TimeSpan fallback,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = lease;
        using var subscription = changes;
        string? last = null;
        var quietSince = time.GetTimestamp();
        var readAt = quietSince;
        var mustRead = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (mustRead)
            {
                readAt = time.GetTimestamp();
                if (await read(cancellationToken).ConfigureAwait(false) is not { } found)
                {
                    yield break;
                }

                if (found.Item is { } item && !string.Equals(found.Key, last, StringComparison.Ordinal))
                {
                    last = found.Key;
                    quietSince = time.GetTimestamp();
                    yield return item;
                }
            }

            var untilFallback = fallback - time.GetElapsedTime(readAt);
            var untilPing = PingInterval - time.GetElapsedTime(quietSince);
            bool woken;
            try
            {
                woken = await subscription.WaitAsync(untilFallback < untilPing ? untilFallback : untilPing, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            mustRead = woken || time.GetElapsedTime(readAt) >= fallback;
            if (!mustRead && time.GetElapsedTime(quietSince) >= PingInterval)
            {
                quietSince = time.GetTimestamp();
                yield return new SseItem<string>(string.Empty, "ping");
            }
        }
    }
}
