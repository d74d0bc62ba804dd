using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>
/// An ERP's part-request endpoint on loopback (Kestrel, a real HTTP server), at <c>/erp/parts</c>. What it answers is
/// decided by the first line's item code, so one hub can meet every case: <c>FLAKY</c> gets 500 twice, then 200;
/// <c>SLOW</c> gets no answer to its first attempt (until the hub gives up and closes it), then 200; <c>MOVED</c> gets a
/// 302 to <c>/elsewhere</c> on this server; <c>BAD</c> gets 422 with a long message holding a CR LF; anything else 200.
/// A request without the right credential header gets 401.
/// </summary>
internal sealed class ErpPartsReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _credential;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private ErpPartsReceiver(WebApplication app, string credential)
    {
        _app = app;
        _credential = credential;
    }

    public string Url => _app.Urls.First() + "/erp/parts";

    /// <summary>Every request in arrival order: path, Idempotency-Key, first item code, status answered.</summary>
    public ConcurrentQueue<(string Path, string? Key, string? Item, int Status, JsonElement? Body)> Requests { get; } = new();

    public static async Task<ErpPartsReceiver> StartAsync(string credential)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ErpPartsReceiver(app, credential);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    public IReadOnlyList<(string Path, string? Key, string? Item, int Status, JsonElement? Body)> For(string item) =>
        [.. Requests.Where(r => r.Item == item)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (path != "/erp/parts" || context.Request.Headers["X-Api-Key"].ToString() != _credential)
        {
            Requests.Enqueue((path, key, null, path == "/erp/parts" ? 401 : 404, null));
            context.Response.StatusCode = path == "/erp/parts" ? 401 : 404;
            return;
        }

        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var body = json.RootElement.Clone();
        var item = body.GetProperty("rows")[0].GetProperty("item_code").GetString();
        var attempt = _attempts.AddOrUpdate(item + "|" + key, 1, (_, n) => n + 1);
        var status = (item, attempt) switch
        {
            ("FLAKY", <= 2) => 500,
            ("SLOW", 1) => 0,
            ("MOVED", _) => 302,
            ("BAD", _) => 422,
            _ => 200,
        };
        Requests.Enqueue((path, key, item, status, body));
        switch (status)
        {
            case 0:
                // No answer: held until the hub's attempt times out and it closes the connection.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case 302:
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/elsewhere";
                return;
            case 422:
                context.Response.StatusCode = 422;
                await context.Response.WriteAsync("item BAD is not in our catalogue\r\nforged: log line " + new string('x', 5000));
                return;
            default:
                context.Response.StatusCode = status;
                return;
        }
    }
}
