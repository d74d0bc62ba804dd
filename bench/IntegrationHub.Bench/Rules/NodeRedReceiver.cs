using System.Diagnostics;
using System.Net;
using System.Text;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// The loopback HTTP server the Node-RED reference POSTs its alarms to: counts every POST and notes, on the benchmark's
/// clock, when the sentinel (the last reading of the run, an alarm whose site is <see cref="Sentinel"/>) arrived.
/// </summary>
internal sealed class NodeRedReceiver : IAsyncDisposable
{
    /// <summary>The site of the run's last reading: its POST means the flow has taken every reading before it.</summary>
    public const string Sentinel = "BENCH-SENTINEL";

    private readonly HttpListener _listener;
    private readonly Task _serving;
    private readonly TaskCompletionSource<long> _sentinel = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _posts;

    private NodeRedReceiver(HttpListener listener, string url)
    {
        _listener = listener;
        Url = url;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Gets the URL the flow POSTs to.</summary>
    public string Url { get; }

    /// <summary>Gets the number of POSTs received so far.</summary>
    public long Posts => Interlocked.Read(ref _posts);

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the sentinel's POST arrived.</summary>
    public Task<long> SentinelAt => _sentinel.Task;

    public static NodeRedReceiver Start(int port)
    {
        var url = $"http://127.0.0.1:{port}/alarm/";
        var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        return new NodeRedReceiver(listener, url);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                var at = Stopwatch.GetTimestamp();
                if (context.Request.HttpMethod == "POST")
                {
                    Interlocked.Increment(ref _posts);
                    if (body.Contains(Sentinel, StringComparison.Ordinal))
                    {
                        _sentinel.TrySetResult(at);
                    }
                }
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
    }
}
