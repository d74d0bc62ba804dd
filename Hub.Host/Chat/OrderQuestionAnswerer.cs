using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// Answers a chat message, whichever robot brought it: an order question from a user linked to the order's customer
/// gets the order's progress; an unknown order and another customer's get the same "not found"; anything else help.
/// </summary>
internal sealed class OrderQuestionAnswerer(
    HubOptions options, IHubStore store, TimeProvider time, RepairRequestAnswerer? repairs = null, SurveyReplyAnswerer? surveys = null)
{
    /// <summary>The answer to a message <paramref name="text"/> (robot mention included) from the sender with
    /// <paramref name="senderIds"/> on the chat platform, most specific first.</summary>
    public async Task<ChatAnswer> AnswerAsync(string? text, IEnumerable<string?> senderIds, CancellationToken cancellationToken, string? messageId = null)
    {
        // Issue 24 item 1: "报修 EQ-… 描述" / "repair EQ-… text" reports a problem.
        if (repairs is not null && RepairRequest.Parse(text) is { } repair)
        {
            return await repairs.AnswerAsync(repair, senderIds, messageId, cancellationToken).ConfigureAwait(false);
        }

        // Issue 24 item 5: "评价 T-… 5 9 留言" / "rate T-… 5 9 comment" answers a resolved ticket's survey.
        if (surveys is not null && SurveyReply.Parse(text) is { } reply)
        {
            return await surveys.AnswerAsync(reply, senderIds, cancellationToken).ConfigureAwait(false);
        }

        var question = OrderQuestion.Parse(text);
        var chinese = question?.Chinese ?? (text ?? string.Empty).Any(ch => ch >= '\u4e00' && ch <= '\u9fff');
        if (question is null)
        {
            return ChatAnswer.Help(chinese);
        }

        if (senderIds.Select(options.Chat.CustomerOf).FirstOrDefault(c => c is not null) is not { } customer)
        {
            return ChatAnswer.NotLinked(chinese);
        }

        var snapshot = await store.GetOrderSnapshotAsync(question.OrderNo, cancellationToken).ConfigureAwait(false);
        return snapshot is null || !string.Equals(snapshot.Order.CustomerCode, customer, StringComparison.Ordinal)
            ? ChatAnswer.NotFound(question.OrderNo, chinese)
            : ChatAnswer.Progress(OrderProgressCalculator.Compute(snapshot, time.GetUtcNow()), chinese);
    }
}
