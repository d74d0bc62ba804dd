namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// A WeCom intelligent robot's passive reply to a text message: a stream message, finished at once, whose content is
/// markdown. It travels sealed in a <see cref="WeComEnvelope"/>.
/// </summary>
internal sealed record WeComStreamReply(string Msgtype, WeComStream Stream)
{
    public static WeComStreamReply Of(ChatAnswer answer) => new("stream", new WeComStream(Guid.NewGuid().ToString("N"), true, answer.Markdown));
}
