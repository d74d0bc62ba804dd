using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>An HTTP endpoint on loopback that answers 500 to its first <c>failures</c> calls, then 200, and records every body.</summary>
internal sealed class FlakyReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private FlakyReceiver(WebApplication app) => _app = app;

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<string> Accepted { get; } = new();

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<FlakyReceiver> StartAsync(int failures)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FlakyReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Increment(ref receiver._calls) <= failures)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            receiver.Accepted.Enqueue(body);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
