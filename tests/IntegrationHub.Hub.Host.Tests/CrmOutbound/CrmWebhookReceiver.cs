using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.CrmOutbound;

/// <summary>
/// A CRM's webhook intake on loopback, as docs/crm.md tells a receiver to be: it checks each request's signature and
/// timestamp and refuses what fails with 401, and records what it accepts. Paths: <c>/ok</c> accepts, <c>/flaky</c>
/// answers 500 to its first two requests, <c>/hang</c> answers nothing until <see cref="ReleaseHang"/>.
/// </summary>
internal sealed class CrmWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _secret;
    private readonly TaskCompletionSource _hang = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _flakyCalls;

    private CrmWebhookReceiver(WebApplication app, byte[] secret)
    {
        _app = app;
        _secret = secret;
    }

    public string BaseUrl => _app.Urls.First();

    /// <summary>Every request in arrival order: path, status answered, and the body when it was signed right.</summary>
    public ConcurrentQueue<(string Path, int Status, JsonElement? Body)> Requests { get; } = new();

    public int HangRequests => Requests.Count(r => r.Path == "/hang");

    public bool HangReleased => _hang.Task.IsCompleted;

    public IReadOnlyList<JsonElement> Accepted(string path) =>
        [.. Requests.Where(r => r.Path == path && r.Status == 200).Select(r => r.Body!.Value)];

    public static async Task<CrmWebhookReceiver> StartAsync(byte[] secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CrmWebhookReceiver(app, secret);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>
    /// The check docs/crm.md describes: HMAC-SHA256 of "timestamp.body" with the shared secret, compared in constant
    /// time, and a timestamp within five minutes of now.
    /// </summary>
    public static bool Verify(byte[] secret, string? timestamp, string? signature, byte[] body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300 || signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature["sha256=".Length..]));
    }

    public void ReleaseHang() => _hang.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHang();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var path = context.Request.Path.Value ?? string.Empty;
        if (!Verify(_secret, context.Request.Headers["X-Hub-Timestamp"], context.Request.Headers["X-Hub-Signature-256"], body, DateTimeOffset.UtcNow))
        {
            Requests.Enqueue((path, 401, null));
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var json = JsonDocument.Parse(body);
        var envelope = json.RootElement.Clone();
        if (path == "/hang")
        {
            Requests.Enqueue((path, 0, envelope));
            await _hang.Task;
            return;
        }

        var status = path == "/flaky" && Interlocked.Increment(ref _flakyCalls) <= 2 ? 500 : 200;
        Requests.Enqueue((path, status, envelope));
        context.Response.StatusCode = status;
    }
}
