using System.Text.Json;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// The endpoint a DingTalk robot posts its group's messages to (<c>POST /api/chat/dingtalk</c>): "查订单 SO-…" or
/// "order SO-…" from a chat user linked to a customer gets a card of that order's progress, if it is theirs; anything
/// else a short help text. Messages that DingTalk did not sign are refused before anything is read.
/// </summary>
internal static class ChatRobotEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapChatRobot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/chat/dingtalk", DingTalkAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> DingTalkAsync(HttpRequest request, HubOptions options, IHubStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ChatRobotEndpoints));
        if (string.IsNullOrEmpty(options.Chat.DingTalkAppSecret))
        {
            return TypedResults.NotFound();
        }

        var refused = DingTalkSignature.Check(request.Headers["timestamp"], request.Headers["sign"], options.Chat.DingTalkAppSecret, time.GetUtcNow());
        if (refused is not null)
        {
            HubLog.ChatMessageRefused(logger, refused);
            return TypedResults.Unauthorized();
        }

        if (request.ContentLength is > MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        string? text, staffId, senderId;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = body.RootElement;
            text = root.TryGetProperty("text", out var t) && t.TryGetProperty("content", out var c) ? c.GetString() : null;
            staffId = root.TryGetProperty("senderStaffId", out var staff) ? staff.GetString() : null;
            senderId = root.TryGetProperty("senderId", out var id) ? id.GetString() : null;
        }
        catch (JsonException e)
        {
            HubLog.ChatMessageRefused(logger, "the body is not JSON: " + e.Message);
            return TypedResults.BadRequest();
        }

        var question = OrderQuestion.Parse(text);
        var chinese = question?.Chinese ?? (text ?? string.Empty).Any(ch => ch >= '\u4e00' && ch <= '\u9fff');
        ChatReply reply;
        if (question is null)
        {
            reply = ChatReply.Help(chinese);
        }
        else if ((options.Chat.CustomerOf(staffId) ?? options.Chat.CustomerOf(senderId)) is not { } customer)
        {
            reply = ChatReply.NotLinked(chinese);
        }
        else
        {
            var snapshot = await store.GetOrderSnapshotAsync(question.OrderNo, cancellationToken).ConfigureAwait(false);
            reply = snapshot is null || !string.Equals(snapshot.Order.CustomerCode, customer, StringComparison.Ordinal)
                ? ChatReply.NotFound(question.OrderNo, chinese)
                : ChatReply.Progress(OrderProgressCalculator.Compute(snapshot, time.GetUtcNow()), chinese);
        }

        return TypedResults.Json(reply, ChatJsonContext.Default.ChatReply);
    }
}
