using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal.ServiceRequests;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// The endpoints chat robots post their users' messages to: DingTalk (<c>POST /api/chat/dingtalk</c>, signed) and a
/// WeCom intelligent robot (<c>GET</c> and <c>POST /api/chat/wecom</c>, signed and encrypted). "查订单 SO-…" or
/// "order SO-…" from a chat user linked to a customer gets a card of that order's progress, if it is theirs; anything
/// else a short help text. A message the platform did not sign is refused before anything in it is read.
/// </summary>
internal static class ChatRobotEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapChatRobot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/chat/dingtalk", DingTalkAsync).AllowAnonymous();
        endpoints.MapGet("/api/chat/wecom", WeComVerifyUrl).AllowAnonymous();
        endpoints.MapPost("/api/chat/wecom", WeComAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> DingTalkAsync(
        HttpRequest request, HubOptions options, IHubStore store, TimeProvider time, ILoggerFactory loggers, ServiceRequestIntake intake, SurveyAnswers surveys,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ChatRobotEndpoints));
        if (string.IsNullOrEmpty(options.Chat.DingTalkAppSecret))
        {
            return TypedResults.NotFound();
        }

        var refused = DingTalkSignature.Check(request.Headers["timestamp"], request.Headers["sign"], options.Chat.DingTalkAppSecret, time.GetUtcNow());
        if (refused is not null)
        {
            HubLog.ChatMessageRefused(logger, "DingTalk: " + refused);
            return TypedResults.Unauthorized();
        }

        using var body = await ReadJsonAsync(request, logger, "DingTalk", cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TypedResults.BadRequest();
        }

        var root = body.RootElement;
        var answer = await Answerer(options, store, time, intake, surveys, logger).AnswerAsync(
            Text(root, "text", "content"), [Text(root, "senderStaffId"), Text(root, "senderId")], cancellationToken, Text(root, "msgId")).ConfigureAwait(false);
        return TypedResults.Json(DingTalkReply.Of(answer), ChatJsonContext.Default.DingTalkReply);
    }

    // WeCom checks the URL when the robot is saved: the hub proves it holds the key by returning the decrypted echostr.
    private static IResult WeComVerifyUrl(HttpRequest request, HubOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ChatRobotEndpoints));
        if (WeComCrypto(options) is not { } crypto)
        {
            return TypedResults.NotFound();
        }

        var echo = Base64Query(request, "echostr");
        var refused = crypto.Check(request.Query["msg_signature"], request.Query["timestamp"], request.Query["nonce"], echo, time.GetUtcNow());
        if (refused is not null)
        {
            HubLog.ChatMessageRefused(logger, "WeCom URL check: " + refused);
            return TypedResults.Unauthorized();
        }

        try
        {
            return TypedResults.Text(crypto.Open(echo!), "text/plain");
        }
        catch (WeComCryptoException e)
        {
            HubLog.ChatMessageRefused(logger, "WeCom URL check: " + e.Message);
            return TypedResults.BadRequest();
        }
    }

    private static async Task<IResult> WeComAsync(
        HttpRequest request, HubOptions options, IHubStore store, TimeProvider time, ILoggerFactory loggers, ServiceRequestIntake intake, SurveyAnswers surveys,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ChatRobotEndpoints));
        if (WeComCrypto(options) is not { } crypto)
        {
            return TypedResults.NotFound();
        }

        string? encrypted;
        using (var envelope = await ReadJsonAsync(request, logger, "WeCom", cancellationToken).ConfigureAwait(false))
        {
            if (envelope is null)
            {
                return TypedResults.BadRequest();
            }

            encrypted = Text(envelope.RootElement, "encrypt");
        }

        var refused = crypto.Check(request.Query["msg_signature"], request.Query["timestamp"], request.Query["nonce"], encrypted, time.GetUtcNow());
        if (refused is not null)
        {
            HubLog.ChatMessageRefused(logger, "WeCom: " + refused);
            return TypedResults.Unauthorized();
        }

        JsonDocument message;
        try
        {
            message = JsonDocument.Parse(crypto.Open(encrypted!));
        }
        catch (Exception e) when (e is WeComCryptoException or JsonException)
        {
            HubLog.ChatMessageRefused(logger, "WeCom: " + e.Message);
            return TypedResults.BadRequest();
        }

        using (message)
        {
            var root = message.RootElement;

            // Events (a user opening the chat) and pictures need no answer; WeCom takes an empty body as "nothing to say".
            if (root.ValueKind != JsonValueKind.Object || !string.Equals(Text(root, "msgtype"), "text", StringComparison.Ordinal))
            {
                return TypedResults.Ok();
            }

            var answer = await Answerer(options, store, time, intake, surveys, logger).AnswerAsync(
                Text(root, "text", "content"), [Text(root, "from", "userid")], cancellationToken, Text(root, "msgid")).ConfigureAwait(false);
            var reply = JsonSerializer.Serialize(WeComStreamReply.Of(answer), ChatJsonContext.Default.WeComStreamReply);
            var sealedReply = crypto.Seal(reply);
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var signature = crypto.Sign(timestamp.ToString(CultureInfo.InvariantCulture), nonce, sealedReply);
            return TypedResults.Json(new WeComEnvelope(sealedReply, signature, timestamp, nonce), ChatJsonContext.Default.WeComEnvelope);
        }
    }

    // Every robot answers the same messages: order questions, repair requests (issue 24 item 1) and survey answers (item 5).
    private static OrderQuestionAnswerer Answerer(HubOptions options, IHubStore store, TimeProvider time, ServiceRequestIntake intake, SurveyAnswers surveys, ILogger logger) =>
        new(options, store, time, new RepairRequestAnswerer(options, intake), new SurveyReplyAnswerer(options, surveys, logger));

    private static WeComCallbackCrypto? WeComCrypto(HubOptions options) =>
        string.IsNullOrEmpty(options.Chat.WeComToken) || string.IsNullOrEmpty(options.Chat.WeComEncodingAesKey)
            ? null
            : WeComCallbackCrypto.Create(options.Chat.WeComToken, options.Chat.WeComEncodingAesKey, options.Chat.WeComReceiveId);

    // Base64 in a query string: a '+' that the sender left unescaped arrives as a space, which Base64 never holds.
    private static string? Base64Query(HttpRequest request, string name) => ((string?)request.Query[name])?.Replace(' ', '+');

    private static async Task<JsonDocument?> ReadJsonAsync(HttpRequest request, ILogger logger, string platform, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            HubLog.ChatMessageRefused(logger, $"{platform}: the body is {request.ContentLength} bytes, more than {MaxBodyBytes}");
            return null;
        }

        try
        {
            // Read at most one byte past the limit: a chunked body declares no length.
            var buffer = new byte[MaxBodyBytes + 1];
            int length = 0, read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > MaxBodyBytes)
            {
                HubLog.ChatMessageRefused(logger, $"{platform}: the body is more than {MaxBodyBytes} bytes");
                return null;
            }

            return JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException e)
        {
            HubLog.ChatMessageRefused(logger, $"{platform}: the body is not JSON: {e.Message}");
            return null;
        }
    }

    private static string? Text(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
