using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Adapters.Notifications;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// An outbox channel that POSTs each message, an <see cref="ExportTable"/>, to an ERP's REST endpoint as JSON (issue 24
/// item 3): <c>{"kind":"part-request","id":"PR-…","rows":[{"request_no":"PR-…","item_code":"BRG-6204",…},…]}</c>, one
/// object per row, keyed by the table's column names, every value a string as in the CSV. The table's id goes as the
/// <c>Idempotency-Key</c> header on every attempt (a retry, a replay, the outbox's at-least-once gap between nodes), so
/// the ERP can keep one copy.
/// </summary>
/// <remarks>
/// The outbox decides retries from the answer: 408, 429 (with its Retry-After), 5xx, no answer within the timeout or a
/// broken connection are worth another attempt; any other 4xx dead-letters the message with the ERP's own message (its
/// first 500 characters, control characters escaped), since the same request will be refused again until someone acts.
/// A redirect is never followed: the request and its credential would go to an address nobody configured.
/// </remarks>
internal sealed class ExportRestChannel : INotificationChannel, IDisposable
{
    /// <summary>The most of the ERP's refusal kept in the dead letter and the log.</summary>
    public const int MaxReasonChars = 500;

    private readonly Uri _url;
    private readonly (string Name, string Value)? _auth;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;
    private readonly ILogger<ExportRestChannel> _logger;

    public ExportRestChannel(string name, Uri url, (string Name, string Value)? auth, TimeSpan timeout, ILogger<ExportRestChannel> logger)
    {
        Name = name;
        _url = url;
        _auth = auth;
        _timeout = timeout;
        _logger = logger;
        // A client of its own: no redirect is followed whatever the host's named clients do, and connections are
        // renewed now and then so that a change of the ERP's address in DNS is seen.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public string Name { get; }

    public string Kind => "export-rest";

    /// <summary>Where it posts, without query or credentials, as messages show it.</summary>
    public string Where => _url.GetLeftPart(UriPartial.Path);

    public async Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ExportTable.FromJson(message.Body, out var problem) is not { } table)
        {
            return DeliveryResult.Permanent($"channel '{Name}': {problem}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(Json(table)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", table.Id);
        if (_auth is { } auth)
        {
            request.Headers.TryAddWithoutValidation(auth.Name, auth.Value);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var where = $"ERP endpoint {Where}, {table.Kind} {LogText.Escape(table.Id)}";
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                PartsLog.Posted(_logger, table.Id, Where, status);
                return DeliveryResult.Success;
            }

            if (status is >= 300 and < 400)
            {
                var to = response.Headers.Location is { } location ? LogText.Escape(Shorten(location.ToString())) : "nowhere (no Location)";
                PartsLog.RedirectRefused(_logger, table.Id, Where, status, to);
                return DeliveryResult.Permanent(
                    $"{where}: HTTP {status}, a redirect to {to}; redirects are not followed (the request and its credential would go elsewhere). Set Hub:Parts:Export:Rest:Url to the final address, then replay the dead letter.");
            }

            var reason = await ReasonAsync(response, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500)
            {
                PartsLog.NotTaken(_logger, table.Id, Where, $"HTTP {status}");
                return DeliveryResult.Transient($"{where}: HTTP {status}: {reason}", response.Headers.RetryAfter?.Delta);
            }

            PartsLog.Refused(_logger, table.Id, Where, status, reason);
            return DeliveryResult.Permanent($"{where}: HTTP {status}, the ERP refused it: {reason}. Fix the request or the ERP, then replay the dead letter.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            PartsLog.NotTaken(_logger, table.Id, Where, $"no answer within {_timeout}");
            return DeliveryResult.Transient($"{where}: no answer within {_timeout}.");
        }
        catch (HttpRequestException e)
        {
            PartsLog.NotTaken(_logger, table.Id, Where, LogText.Escape(e.Message));
            return DeliveryResult.Transient($"{where}: {LogText.Escape(e.Message)}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The request's JSON: the table's kind and id, and one object per row keyed by column name.</summary>
    internal static byte[] Json(ExportTable table)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", table.Kind);
            json.WriteString("id", table.Id);
            json.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    json.WriteString(table.Columns[i], row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // The ERP's own words, bounded: a huge or binary error page must not fill the dead letter or the log.
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxReasonChars * 4];
            var read = 0;
            int chunk;
            while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += chunk;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return text.Length == 0 ? "(no message)" : LogText.Escape(Shorten(text));
        }
    }

    private static string Shorten(string text) => text.Length <= MaxReasonChars ? text : text[..MaxReasonChars] + "…";
}
