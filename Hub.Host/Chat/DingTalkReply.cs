namespace IntegrationHub.Hub.Host.Chat;

/// <summary>DingTalk's reply body: a markdown card, answered in the HTTP response.</summary>
internal sealed record DingTalkReply(string Msgtype, DingTalkMarkdown Markdown)
{
    public static DingTalkReply Of(ChatAnswer answer) => new("markdown", new DingTalkMarkdown(answer.Title, answer.Markdown));
}
