using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Abstractions.Scheduling;
using Microsoft.Extensions.Logging;
using Polly;

namespace IntegrationHub.Adapters.Rest;

/// <summary>
/// Polls one API collection: reads it page by page (page number, offset or cursor), flattens each item into a source
/// record and hands every page to the sink, which stores it before the next page is asked for. A failed request
/// (429, a 5xx, a timeout, a refused connection, a body that is not the JSON the settings describe) is asked again,
/// after the API's Retry-After or with exponential backoff and jitter, for the same page: no page is skipped.
/// Pages are asked for conditionally (If-None-Match with the ETag, If-Modified-Since with the Last-Modified the API
/// sent last time), and a 304 costs neither mapping nor storing.
/// </summary>
public sealed partial class RestSourcePoller : IRunningAdapter, IDisposable
{
    private const int MaxResponseBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromMilliseconds(200);
    private static readonly ResiliencePropertyKey<string> AddressKey = new("rest.page-address");
    private readonly RestSourceOptions _source;
    private readonly IRestPageSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _requestRetry;
    private readonly ResiliencePipeline _pollRetry;
    private readonly PollCadence _cadence;
    private readonly Dictionary<string, PageMemo> _memos = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private AdapterState _state = AdapterState.Starting;
    private DateTimeOffset? _lastSuccessAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private long _requests;
    private long _pagesUnchanged;
    private long _itemsStored;
    private long _failures;
    private long _polls;
    private int _failuresInRow;

    public RestSourcePoller(
        RestSourceOptions source, IRestPageSink sink, TimeProvider time, ILogger logger,
        HttpMessageHandler? handler = null, TimeSpan? firstRetryDelay = null, IScheduleLog? scheduleLog = null)
    {
        _source = source;
        _cadence = PollCadence.Of(
            source.Interval ?? RestSourceOptions.DefaultInterval, source.Schedule, source.ScheduleTimeZone, scheduleLog, "rest:" + source.Name, time);
        _sink = sink;
        _time = time;
        _logger = logger;
        _requestRetry = RetryForever(firstRetryDelay, OnRequestRetry, RetryAfterOf);
        _pollRetry = RetryForever(firstRetryDelay, OnPollRetry, retryAfter: null);
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    public string Name => _source.Name;

    public AdapterStatus GetStatus()
    {
        lock (_gate)
        {
            return new AdapterStatus
            {
                Name = "rest:" + _source.Name,
                State = _state,
                LastSuccessAt = _lastSuccessAt,
                LastError = _lastError,
                LastErrorAt = _lastErrorAt,
                Counts = new Dictionary<string, long>
                {
                    ["polls"] = _polls,
                    ["requests"] = _requests,
                    ["pagesUnchanged"] = _pagesUnchanged,
                    ["itemsStored"] = _itemsStored,
                    ["failures"] = _failures,
                },
            };
        }
    }

    /// <summary>
    /// Polls at the configured interval until cancelled. Every run asks for each page in full first: what an earlier
    /// run of this instance remembered of the pages (ETag, Last-Modified) is forgotten.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A run may be a restart of this poller: the hub runs it as leased work (issue 18 item 1), stops it when the
        // lease goes to another node and runs it again when the lease comes back. What this node remembers of a page is
        // what it stored, not what the other node stored meanwhile: a page that changed and changed back (an ETag that
        // hashes the body comes back with it) would answer 304 to the old memo, and the other node's newer store of the
        // changed page would stand while the API says otherwise. One unconditional read per run is cheap.
        _memos.Clear();
        RestPollLog.Started(_logger, _source.Name, Address(null, masked: true));
        try
        {
            var due = await FirstDueAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await _cadence.WaitAsync(due, cancellationToken).ConfigureAwait(false);
                var startedAt = _time.GetUtcNow();
                await _pollRetry.ExecuteAsync(async ct => await PollOnceAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                due = await RecordRunAsync(startedAt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: whatever was in flight (a request, a failed page on its way to the retry) just ends.
            lock (_gate)
            {
                _state = AdapterState.Stopped;
            }
        }
    }

    /// <summary>Reads the whole collection once, page by page, each failed page asked again until it is read.</summary>
    public async Task<RestPollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        var paging = _source.Paging;
        long position = paging.Kind == RestPagingKind.Page ? paging.FirstPage : 0;
        string? cursor = null;
        string? previousHash = null;
        int pages = 0, unchanged = 0, items = 0;
        while (true)
        {
            if (pages >= _source.MaxPages)
            {
                throw new InvalidDataException(
                    $"REST source {_source.Name} read {pages} pages without reaching the end (MaxPages); is Paging:{nameof(RestPaging.Parameter)} the API's own?");
            }

            var query = paging.Kind switch
            {
                RestPagingKind.Page or RestPagingKind.Offset => position.ToString(CultureInfo.InvariantCulture),
                RestPagingKind.Cursor => cursor,
                _ => null,
            };
            var page = await ReadWithRetryAsync(query, cancellationToken).ConfigureAwait(false);
            pages++;
            if (page.Unchanged)
            {
                unchanged++;
            }
            else
            {
                if (page.BodyHash == previousHash && page.ItemCount > 0)
                {
                    throw new InvalidDataException(
                        $"REST source {_source.Name}: {page.Address} returned the same page as the one before; the API does not seem to know the paging parameter '{paging.ParameterName}'.");
                }

                previousHash = page.BodyHash;
                items += page.Records.Count;
                await _sink.StoreAsync(new RestPage(_source.Name, page.Address, page.Records), cancellationToken).ConfigureAwait(false);
                _memos[page.Address] = page.Memo;
                RestPollLog.PageStored(_logger, _source.Name, page.Records.Count, page.Address);
                lock (_gate)
                {
                    _itemsStored += page.Records.Count;
                }
            }

            var full = page.ItemCount >= paging.Size;
            if (paging.Kind == RestPagingKind.None
                || (paging.Kind is RestPagingKind.Page or RestPagingKind.Offset && !full)
                || (paging.Kind == RestPagingKind.Cursor && (string.IsNullOrEmpty(page.NextCursor) || page.NextCursor == cursor)))
            {
                break;
            }

            position += paging.Kind == RestPagingKind.Page ? 1 : page.ItemCount;
            cursor = page.NextCursor;
        }

        lock (_gate)
        {
            _polls++;
            _state = AdapterState.Running;
            _lastSuccessAt = _time.GetUtcNow();
        }

        RestPollLog.PollDone(_logger, _source.Name, pages, unchanged, items);
        return new RestPollResult(pages, unchanged, items);
    }

    public void Dispose() => _http.Dispose();

    private async Task<PageRead> ReadWithRetryAsync(string? pagingValue, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AddressKey, Address(pagingValue, masked: true));
        try
        {
            var page = await _requestRetry.ExecuteAsync(
                static (ctx, state) => new ValueTask<PageRead>(state.Poller.ReadAsync(state.PagingValue, ctx.CancellationToken)),
                context,
                (Poller: this, PagingValue: pagingValue)).ConfigureAwait(false);
            lock (_gate)
            {
                if (_failuresInRow > 0)
                {
                    RestPollLog.Recovered(_logger, _source.Name, _failuresInRow);
                }

                _failuresInRow = 0;
                _state = AdapterState.Running;
            }

            return page;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<PageRead> ReadAsync(string? pagingValue, CancellationToken cancellationToken)
    {
        var key = Address(pagingValue, masked: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, Address(pagingValue, masked: false));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_source.Auth is { Header: { Length: > 0 } header, Secret: { } secret })
        {
            request.Headers.TryAddWithoutValidation(header, secret);
        }

        var memo = _memos.GetValueOrDefault(key);
        if (memo?.ETag is { } etag)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }
        else if (memo?.LastModified is { } lastModified)
        {
            request.Headers.IfModifiedSince = lastModified;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_source.Timeout);
        lock (_gate)
        {
            _requests++;
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified && memo is not null)
        {
            lock (_gate)
            {
                _pagesUnchanged++;
            }

            return new PageRead(key, [], memo.ItemCount, memo.NextCursor, null, memo, Unchanged: true);
        }

        if (!response.IsSuccessStatusCode)
        {
            var retryAfter = response.Headers.RetryAfter is { } after
                ? after.Delta ?? (after.Date is { } date ? date - _time.GetUtcNow() : null)
                : null;
            throw new RestRequestException(
                $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (retryAfter is { } wait ? $", Retry-After {wait.TotalSeconds:0.#} s" : ""),
                retryAfter is { } asked && asked < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
        }

        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new RestRequestException($"the response is not JSON ({e.Message}; Content-Type {response.Content.Headers.ContentType?.ToString() ?? "none"})");
        }

        using (document)
        {
            var found = JsonRecordFlattener.Find(document.RootElement, _source.ItemsPath);
            if (found is not { ValueKind: JsonValueKind.Array } array)
            {
                throw new RestRequestException(
                    $"the response has no array at ItemsPath '{_source.ItemsPath}' (it has {Describe(found, document.RootElement)})");
            }

            var next = _source.Paging.Kind == RestPagingKind.Cursor && JsonRecordFlattener.Find(document.RootElement, _source.Paging.NextCursorPath) is { } n
                ? JsonRecordFlattener.Text(n)
                : null;
            var now = _time.GetUtcNow();
            var records = new List<SourceRecord>(array.GetArrayLength());
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var fields = JsonRecordFlattener.Flatten(item);
                var id = _source.KeyField is { } field && fields.GetValueOrDefault(field) is { } value ? value : null;
                records.Add(new SourceRecord(_source.Name, id is null ? $"{key}#{index}" : $"{_source.Name}:{id}", fields, now));
                index++;
            }

            var newMemo = new PageMemo(response.Headers.ETag, response.Content.Headers.LastModified, next, records.Count);
            return new PageRead(key, records, records.Count, next, Convert.ToHexString(SHA256.HashData(body)), newMemo, Unchanged: false);
        }
    }

    private static string Describe(JsonElement? found, JsonElement root) => found is { } f
        ? $"{f.ValueKind} there"
        : root.ValueKind == JsonValueKind.Object
            ? "nothing there; top-level fields: " + string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(10))
            : $"a top-level {root.ValueKind}";

    /// <summary>The page's address; masked, the query secret reads <c>***</c>, for logs, health and dead letters.</summary>
    private string Address(string? pagingValue, bool masked)
    {
        var query = new StringBuilder();
        void Add(string name, string value, bool escape = true)
        {
            query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(escape ? Uri.EscapeDataString(value) : value);
        }

        var paging = _source.Paging;
        if (paging.Kind != RestPagingKind.None)
        {
            if (pagingValue is not null)
            {
                Add(paging.ParameterName, pagingValue);
            }

            if (paging.SizeParameterName is { } size)
            {
                Add(size, paging.Size.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (_source.Auth is { QueryParameter: { Length: > 0 } parameter, Secret: { } secret })
        {
            Add(parameter, masked ? "***" : secret, escape: !masked);
        }

        if (query.Length == 0)
        {
            return _source.Url;
        }

        return _source.Url + (_source.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>What a page's last full answer said, to ask for it conditionally and to page on past a 304.</summary>
    private sealed record PageMemo(EntityTagHeaderValue? ETag, DateTimeOffset? LastModified, string? NextCursor, int ItemCount);

    /// <summary>One page as read: its masked address (which also keys its memo), its items, and what paging on needs.</summary>
    private sealed record PageRead(
        string Address, IReadOnlyList<SourceRecord> Records, int ItemCount, string? NextCursor, string? BodyHash, PageMemo Memo, bool Unchanged);
}
