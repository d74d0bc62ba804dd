using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IntegrationHub.Adapters.Notifications;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// Posts a CRM webhook's message (the JSON envelope the pump rendered) to its receiver, signed (issue 23 item 1). The
/// outbox decides retries: 408, 429, 5xx, a timeout or a broken connection are worth another attempt; other answers
/// below 200 or from 300 up are not, and dead-letter the message.
/// </summary>
internal sealed class CrmWebhookChannel(string subscription, Uri url, byte[] secret, TimeSpan timeout, HttpClient http, TimeProvider time)
    : INotificationChannel
{
    /// <summary>The outbox channel name of a subscription: <c>crm:&lt;name&gt;</c>.</summary>
    public static string ChannelName(string subscription) => "crm:" + subscription;

    public string Name { get; } = ChannelName(subscription);

    public string Kind => "crm-webhook";

    public async Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Encoding.UTF8.GetBytes(message.Body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(CrmWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(CrmWebhookSignature.SignatureHeader, CrmWebhookSignature.Sign(secret, timestamp, body));
        if (message.Key is { } key)
        {
            request.Headers.TryAddWithoutValidation(CrmWebhookSignature.DeliveryHeader, key);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", "\"" + key + "\"");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var where = $"CRM webhook '{subscription}' ({url.GetLeftPart(UriPartial.Path)})";
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Success;
            }

            var error = $"{where}: HTTP {status}";
            return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500
                ? DeliveryResult.Transient(error, response.Headers.RetryAfter?.Delta)
                : DeliveryResult.Permanent(error + ": the receiver refused the change; fix the receiver, then replay the dead letter");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"{where}: no answer within {timeout}.");
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Transient($"{where}: {e.Message}");
        }
    }
}
