using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications.Tests.Webhooks;

/// <summary>
/// Stands in for the chat vendors' robot endpoints, which cannot be reached from here: a Kestrel server on
/// 127.0.0.1 that records each request and answers what the test sets, checking nothing itself.
/// </summary>
internal sealed class RobotReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RobotReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string PathAndQuery, JsonNode? Body, IHeaderDictionary Headers)> Requests { get; } = new();

    /// <summary>The status, body and headers of the next answers.</summary>
    public Func<(int Status, string Body, string? RetryAfter)> Answer { get; set; } = () => (200, "{\"errcode\":0,\"errmsg\":\"ok\"}", null);

    public Uri Url(string path) => new(_app.Urls.First() + path);

    public static async Task<RobotReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new RobotReceiver(app);
        app.Run(async context =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            // A copy: the server reuses the request's header collection once the response is done.
            receiver.Requests.Enqueue((context.Request.Path + context.Request.QueryString, body, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            var (status, text, retryAfter) = receiver.Answer();
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(text);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
