using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// An open-loop load generator (issue 17: the lookup's latency measured right): requests go out on a fixed schedule,
/// whatever the answers before them are doing, alternating the order lookup and <c>/health/live</c> with the same
/// headers, and each one's latency runs from its INTENDED send time to the end of its answer. A closed loop (wrk) sends
/// the next request only when one comes back, so a stall delays the requests that would have waited in it and they are
/// never measured (coordinated omission); at saturation, its percentiles are the scheduler's queue. Here a stall shows
/// in every request scheduled during it, and a generator that falls behind its own schedule shows too: its lateness is
/// part of each latency and is reported on its own.
/// </summary>
internal sealed class OpenLoopRunner(string baseUrl, string token, IReadOnlyList<string> orders)
{
    /// <summary>Requests in flight are not bounded by the schedule; this only caps the connections opened for them.</summary>
    private const int MaxConnections = 256;

    /// <summary>
    /// Runs <paramref name="ratePerTarget"/> requests per second to EACH target for <paramref name="length"/>,
    /// interleaved (lookup, live, lookup, ...; 2 x the rate in all), after a warm-up of the connections.
    /// </summary>
    public async Task<OpenLoopResult> RunAsync(int ratePerTarget, TimeSpan length, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = MaxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var random = new Random(7919 + ratePerTarget);

        // A few connections opened before the clock starts, so that the first scheduled requests do not pay the handshakes.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(http, new Uri("/health/live", UriKind.Relative), cancellationToken))).ConfigureAwait(false);

        var total = (int)(ratePerTarget * 2 * length.TotalSeconds);
        var intervalTicks = Stopwatch.Frequency / (2.0 * ratePerTarget);
        var lookup = new double[total / 2 + 1];
        var live = new double[total / 2 + 1];
        var lateness = new double[total];
        var failures = 0;
        var inFlight = new List<Task>(total);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        for (var n = 0; n < total; n++)
        {
            var intended = start + (long)(n * intervalTicks);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                // The timer fires at about 1 ms granularity; whatever it oversleeps is lateness, and is measured.
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            lateness[n] = Stopwatch.GetElapsedTime(intended).TotalMilliseconds;
            var isLookup = n % 2 == 0;
            var target = isLookup ? LookupUri(random) : new Uri("/health/live", UriKind.Relative);
            var into = isLookup ? lookup : live;
            var index = n / 2;
            inFlight.Add(MeasureAsync(target, into, index, intended));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var sent = total / 2;
        return new OpenLoopResult(
            ratePerTarget, length, Percentiles.Of(lookup.AsSpan(0, total - sent)), Percentiles.Of(live.AsSpan(0, sent)), Percentiles.Of(lateness), failures);

        // Not awaited by the schedule: it runs synchronously up to the socket write, then the loop goes on.
        async Task MeasureAsync(Uri target, double[] into, int index, long intended)
        {
            var ok = await SendAsync(http, target, cancellationToken).ConfigureAwait(false);
            into[index] = Stopwatch.GetElapsedTime(intended).TotalMilliseconds;
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }

    /// <summary>The same mix as wrk's lookup script: C001's orders, 1 in 20 a number that exists for nobody (a 404).</summary>
    private Uri LookupUri(Random random) => new(
        random.NextDouble() < WrkRunner.UnknownShare
            ? string.Create(CultureInfo.InvariantCulture, $"/api/portal/orders/SO-1999-{random.Next(10_000):0000}-{random.Next(1000):000}")
            : "/api/portal/orders/" + orders[random.Next(orders.Count)],
        UriKind.Relative);

    /// <summary>Reads the whole answer; a 404 (an unknown number) is an answer, anything else not 2xx a failure.</summary>
    private static async Task<bool> SendAsync(HttpClient http, Uri target, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(target, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
