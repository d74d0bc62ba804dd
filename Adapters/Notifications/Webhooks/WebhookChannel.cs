using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Adapters.Notifications.Webhooks;

/// <summary>Posts messages to a chat robot or an HTTP endpoint, in the shape its <see cref="WebhookKind"/> expects.</summary>
public sealed class WebhookChannel(string name, WebhookSettings settings, HttpClient http, TimeProvider time) : INotificationChannel
{
    /// <summary>The header that carries <see cref="RenderedMessage.Key"/> to a generic webhook.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    public string Name { get; } = name;

    public string Kind => settings.Kind.ToString().ToLowerInvariant();

    public async Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (settings.Kind == WebhookKind.Generic && KeyProblem(message.Key) is { } problem)
        {
            return DeliveryResult.Permanent($"channel '{Name}' refused the message: its id {problem}.");
        }

        var url = settings.Url;
        var body = Payload(message);
        var now = time.GetUtcNow();
        if (settings.Secret is { Length: > 0 } secret)
        {
            if (settings.Kind == WebhookKind.DingTalk)
            {
                var ms = now.ToUnixTimeMilliseconds();
                var sign = Uri.EscapeDataString(WebhookSigning.DingTalk(ms, secret));
                var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
                url = new Uri(url + separator + string.Create(CultureInfo.InvariantCulture, $"timestamp={ms}&sign={sign}"));
            }
            else if (settings.Kind == WebhookKind.Feishu)
            {
                var seconds = now.ToUnixTimeSeconds();
                body["timestamp"] = seconds.ToString(CultureInfo.InvariantCulture);
                body["sign"] = WebhookSigning.Feishu(seconds, secret);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (settings.HeaderName is { Length: > 0 } header)
        {
            request.Headers.TryAddWithoutValidation(header, settings.HeaderValue);
        }

        // Issue 18 item 3: the generic receiver is ours to describe, so it gets the message's identity, the same on every
        // attempt and every node, to drop a repeat by (draft-ietf-httpapi-idempotency-key-header: a Structured Field
        // string, RFC 8941 3.3.3). The chat robots' webhooks take no such key (see docs/several-nodes.md).
        if (settings.Kind == WebhookKind.Generic && message.Key is { } key)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyHeader, "\"" + key + "\"");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var where = $"channel '{Name}' ({settings.Url.GetLeftPart(UriPartial.Path)})";
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                return DeliveryResult.Transient($"{where}: HTTP {(int)response.StatusCode} {Shorten(text)}", RetryAfter(response, now));
            }

            if (!response.IsSuccessStatusCode)
            {
                return DeliveryResult.Permanent($"{where}: HTTP {(int)response.StatusCode} {Shorten(text)}");
            }

            return CheckVendorReply(where, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"{where}: no answer within {settings.Timeout}.");
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Transient($"{where}: {e.Message}");
        }
    }

    /// <summary>The JSON body for the receiver's kind.</summary>
    internal JsonObject Payload(RenderedMessage message)
    {
        var markdown = $"**{message.Subject}**\n\n{message.Body}";
        return settings.Kind switch
        {
            WebhookKind.WeCom => new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["content"] = markdown },
            },
            WebhookKind.DingTalk => new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["title"] = message.Subject, ["text"] = markdown },
            },
            WebhookKind.Feishu => new JsonObject
            {
                ["msg_type"] = "text",
                ["content"] = new JsonObject { ["text"] = message.Subject + "\n" + message.Body },
            },
            WebhookKind.Teams => new JsonObject
            {
                ["@type"] = "MessageCard",
                ["@context"] = "https://schema.org/extensions",
                ["summary"] = message.Subject,
                ["title"] = message.Subject,
                ["text"] = message.Body.Replace("\n", "  \n", StringComparison.Ordinal),
            },
            WebhookKind.Slack => new JsonObject { ["text"] = $"*{message.Subject}*\n{message.Body}" },
            _ => new JsonObject
            {
                ["id"] = message.Key,
                ["subject"] = message.Subject,
                ["body"] = message.Body,
                ["recipients"] = new JsonArray([.. message.Recipients.Select(r => JsonValue.Create(r))]),
            },
        };
    }

    /// <summary>WeCom, DingTalk and Feishu answer HTTP 200 also for a refused message: the code in the body decides.</summary>
    private DeliveryResult CheckVendorReply(string where, string text)
    {
        var field = settings.Kind switch
        {
            WebhookKind.WeCom or WebhookKind.DingTalk => "errcode",
            WebhookKind.Feishu => "code",
            _ => null,
        };
        if (field is null)
        {
            return DeliveryResult.Success;
        }

        try
        {
            var reply = JsonNode.Parse(text);
            var code = reply?[field]?.GetValue<long>() ?? (settings.Kind == WebhookKind.Feishu ? reply?["StatusCode"]?.GetValue<long>() : null);
            if (code == 0)
            {
                return DeliveryResult.Success;
            }

            // Rate limits of the robots (WeCom 45009, DingTalk 130101, Feishu 9499) pass after a pause.
            var transient = code is 45009 or 130101 or 9499 or -1;
            var error = $"{where}: the robot refused the message: {field} {code?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, {Shorten(text)}";
            return transient ? DeliveryResult.Transient(error) : DeliveryResult.Permanent(error);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return DeliveryResult.Permanent($"{where}: the reply is not the robot's JSON: {Shorten(text)}");
        }
    }

    /// <summary>
    /// Why <paramref name="key"/> cannot go into a header or a body as it is, or null: printable ASCII without '"' and
    /// '\' (an RFC 8941 sf-string needs no escape then); the outbox's ids are hexadecimal.
    /// </summary>
    private static string? KeyProblem(string? key)
    {
        if (key is null)
        {
            return null;
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] is < ' ' or > '~' or '"' or '\\')
            {
                return string.Create(CultureInfo.InvariantCulture, $"'{Printable(key)}' holds U+{(int)key[i]:X4} at position {i + 1}, which an Idempotency-Key header cannot carry");
            }
        }

        return key.Length == 0 ? "is empty" : null;
    }

    private static string Printable(string value) =>
        string.Concat(value.Take(80).Select(c => c is < ' ' or > '~' ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString()));

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date && date > now ? date - now : null;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
