using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Tests.Common.Rest;

/// <summary>
/// An HTTP server on a loopback port that behaves like a paged ERP API: sales orders with nested customer and lines,
/// paged by page number (<c>/api/orders</c>, items under <c>data.items</c>, ETag), by offset (<c>/api/orders-by-offset</c>,
/// a bare array, Last-Modified) or by cursor (<c>/api/orders-by-cursor</c>, <c>paging.next</c>); an API key in the
/// <c>X-Api-Key</c> header or the <c>api_key</c> query parameter; and planned faults (429 with Retry-After, 500, a
/// maintenance page in HTML) by request number. Every request is logged with its time and answer.
/// </summary>
public sealed class FakeErpApi : IAsyncDisposable
{
    public const string ApiKey = "erp-key-4711";
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, Fault> _faults = new();
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _orders;
    private readonly List<ApiRequest> _requests = [];
    private DateTimeOffset _lastModified = Epoch;

    private FakeErpApi(WebApplication app, int orders)
    {
        _app = app;
        _orders = Enumerable.Range(1, orders).Select(Order).ToList();
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When true, every endpoint ignores its paging parameters and answers the first page.</summary>
    public bool IgnorePaging { get; set; }

    public IReadOnlyList<ApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeErpApi> StartAsync(int orders)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeErpApi(app, orders);
        app.Use(api.GuardAsync);
        app.MapGet("/api/orders", api.ByPage);
        app.MapGet("/api/orders-by-offset", api.ByOffset);
        app.MapGet("/api/orders-by-cursor", api.ByCursor);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        api.BaseAddress = new Uri(address);
        return api;
    }

    /// <summary>Plans the answer to the <paramref name="requestNumber"/>-th request (from 1), whatever it asks for.</summary>
    public void FailRequest(int requestNumber, Fault fault) => _faults[requestNumber] = fault;

    /// <summary>Changes one order, as the ERP would, so that its page (and only its page) is new.</summary>
    public void Touch(int orderIndex, string status)
    {
        lock (_gate)
        {
            _orders[orderIndex]["status"] = status;
            _lastModified = _lastModified.AddMinutes(1);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private static JsonObject Order(int n) => new()
    {
        ["orderNo"] = $"SO-R-{n:D4}",
        ["customer"] = new JsonObject { ["code"] = $"C{(n % 3) + 1:D3}", ["name"] = "苏州精密机械有限公司" },
        ["status"] = "Open",
        ["orderDate"] = Epoch.AddDays(n % 20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["total"] = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture, $"{1000 + n}.50")),
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = $"MOTOR-{n % 7}", ["qty"] = 2 }),
    };

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        int number;
        lock (_gate)
        {
            number = _requests.Count + 1;
            _requests.Add(new ApiRequest(number, DateTimeOffset.UtcNow, context.Request.Path + context.Request.QueryString, 0));
        }

        if (_faults.TryRemove(number, out var fault))
        {
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            if (fault.Html)
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Wartungsarbeiten / 系统维护中</body></html>").ConfigureAwait(false);
            }
        }
        else if (!string.Equals(context.Request.Headers["X-Api-Key"], ApiKey, StringComparison.Ordinal)
            && !string.Equals(context.Request.Query["api_key"], ApiKey, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            await next(context).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _requests[number - 1] = _requests[number - 1] with { Status = context.Response.StatusCode };
        }
    }

    private IResult ByPage(HttpContext context, int page = 1, int pageSize = 50)
    {
        var items = Slice(IgnorePaging ? 0 : (page - 1) * pageSize, pageSize);
        var body = new JsonObject { ["data"] = new JsonObject { ["items"] = items } };
        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())))[..16] + "\"";
        context.Response.Headers.ETag = etag;
        return string.Equals(context.Request.Headers.IfNoneMatch, etag, StringComparison.Ordinal)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Text(body.ToJsonString(), "application/json");
    }

    private IResult ByOffset(HttpContext context, int offset = 0, int limit = 50)
    {
        DateTimeOffset lastModified;
        lock (_gate)
        {
            lastModified = _lastModified;
        }

        context.Response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        if (DateTimeOffset.TryParse(context.Request.Headers.IfModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && lastModified <= since)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Text(Slice(IgnorePaging ? 0 : offset, limit).ToJsonString(), "application/json");
    }

    private IResult ByCursor(string? cursor = null, int limit = 50)
    {
        var start = IgnorePaging || string.IsNullOrEmpty(cursor) ? 0 : int.Parse(Encoding.ASCII.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture);
        var items = Slice(start, limit);
        int count;
        lock (_gate)
        {
            count = _orders.Count;
        }

        var next = start + limit < count ? Convert.ToBase64String(Encoding.ASCII.GetBytes((start + limit).ToString(CultureInfo.InvariantCulture))) : null;
        var body = new JsonObject { ["items"] = items, ["paging"] = new JsonObject { ["next"] = next } };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private JsonArray Slice(int start, int count)
    {
        lock (_gate)
        {
            return new JsonArray(_orders.Skip(start).Take(count).Select(o => o.DeepClone()).ToArray());
        }
    }
}
