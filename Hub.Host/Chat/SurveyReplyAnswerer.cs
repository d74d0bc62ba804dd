using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Surveys;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// Answers a survey given in chat (<see cref="SurveyReply"/>): a user linked to a customer rates one of that customer's
/// resolved tickets, through <see cref="SurveyAnswers"/>, so the link's one-time rules hold (once per ticket, not after
/// the link's lifetime). A ticket with no survey to answer, one answered already, an expired one and another
/// customer's all get one reply, so the robot tells nobody which ticket numbers exist. A wrong field is named, with
/// what is allowed, before anything is stored.
/// </summary>
internal sealed class SurveyReplyAnswerer(HubOptions options, SurveyAnswers surveys, ILogger logger)
{
    private const int MaxTicketNoLength = 40;

    public async Task<ChatAnswer> AnswerAsync(SurveyReply reply, IEnumerable<string?> senderIds, CancellationToken cancellationToken)
    {
        var zh = reply.Chinese;
        if (senderIds.Select(options.Chat.CustomerOf).FirstOrDefault(c => c is not null) is not { } customer)
        {
            SurveyChatLog.NotLinked(logger);
            return zh
                ? new("服务评价", "您的聊天账号尚未绑定客户，无法评价。请联系供应商的客服开通。")
                : new("Service survey", "Your chat account is not linked to a customer yet, so it cannot answer surveys. Ask your supplier's service desk.");
        }

        if (reply.TicketNo is null || reply.Rating is null || reply.Score is null)
        {
            return zh
                ? new("服务评价", "请发送 **评价 工单号 满意度(1-5) 推荐度(0-10) 留言**，例如：评价 T-2026-000123 5 9 很及时")
                : new("Service survey", "Send **rate <ticket> <rating 1-5> <score 0-10> <comment>**, for example: rate T-2026-000123 5 9 quick fix");
        }

        var problems = new List<string>();
        var rating = Whole(reply.Rating, 1, 5, zh ? "满意度" : "rating", zh, problems);
        var score = Whole(reply.Score, 0, 10, zh ? "推荐度" : "score", zh, problems);
        var comment = reply.Comment.Length == 0 ? null : reply.Comment;
        if (comment is not null && comment.Length > SurveyRequest.MaxCommentLength)
        {
            problems.Add(zh
                ? string.Create(CultureInfo.InvariantCulture, $"留言有 {comment.Length} 个字符，最多 {SurveyRequest.MaxCommentLength} 个")
                : string.Create(CultureInfo.InvariantCulture, $"the comment is {comment.Length} characters; the limit is {SurveyRequest.MaxCommentLength}"));
        }
        else if ((comment is null ? -1 : IndexOfRefused(comment)) is var at and >= 0)
        {
            problems.Add(zh
                ? string.Create(CultureInfo.InvariantCulture, $"留言第 {at + 1} 个字符是控制字符 (U+{(int)comment![at]:X4})，请删除")
                : string.Create(CultureInfo.InvariantCulture, $"the comment has a control character (U+{(int)comment![at]:X4}) at position {at + 1}"));
        }

        if (problems.Count > 0 || rating is null || score is null)
        {
            SurveyChatLog.Refused(logger, customer, LogText.Escape(string.Join("; ", problems)));
            return zh
                ? new("服务评价", $"评价未保存：{string.Join("；", problems)}。请改正后重新发送。")
                : new("Service survey", $"The survey was not saved: {string.Join("; ", problems)}. Please correct it and send it again.");
        }

        var ticketNo = reply.TicketNo;
        var answered = IsTicketNo(ticketNo)
            && await surveys.SubmitForCustomerAsync(customer, ticketNo, new SurveyAnswer(rating.Value, score.Value, comment?.Trim()), cancellationToken).ConfigureAwait(false);
        var shown = ChatAnswer.Escape(ticketNo.Length > MaxTicketNoLength ? ticketNo[..MaxTicketNoLength] + "…" : ticketNo);
        if (!answered)
        {
            SurveyChatLog.Unknown(logger, customer);
            return zh
                ? new("服务评价", $"没有找到可评价的工单 {shown}：工单号不对、已评价过或评价已过期。")
                : new("Service survey", $"There is no survey to answer for ticket {shown}: the number is wrong, it was answered already, or it has expired.");
        }

        SurveyChatLog.Answered(logger, ticketNo, customer, rating.Value, score.Value);
        return zh
            ? new("服务评价", string.Create(CultureInfo.InvariantCulture, $"谢谢您的评价！工单 {shown}：满意度 {rating}/5，推荐度 {score}/10。"))
            : new("Service survey", string.Create(CultureInfo.InvariantCulture, $"Thank you! Ticket {shown}: rating {rating}/5, recommendation {score}/10."));
    }

    // Only text, tabs and line breaks are kept, as on the survey page.
    private static int IndexOfRefused(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if ((char.IsControl(text[i]) && text[i] is not ('\t' or '\n' or '\r')) || text[i] is '\u2028' or '\u2029')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsTicketNo(string text) =>
        text.Length <= MaxTicketNoLength && text.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static int? Whole(string text, int min, int max, string field, bool zh, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        var shown = ChatAnswer.Escape(LogText.Escape(text.Length > 20 ? text[..20] + "…" : text));
        problems.Add(zh
            ? string.Create(CultureInfo.InvariantCulture, $"{field}须为 {min} 到 {max} 的整数，收到「{shown}」")
            : string.Create(CultureInfo.InvariantCulture, $"the {field} must be a whole number from {min} to {max} (found '{shown}')"));
        return null;
    }
}
