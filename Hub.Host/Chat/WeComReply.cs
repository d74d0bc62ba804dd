namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// A WeCom intelligent robot's passive reply to a text message: a stream message, finished at once, whose content is
/// markdown. It travels sealed in a <see cref="WeComEnvelope"/>.
/// </summary>
internal sealed record WeComStreamReply(string Msgtype, WeComStream Stream)
{
    public static WeComStreamReply Of(ChatAnswer answer) => new("stream", new WeComStream(Guid.NewGuid().ToString("N"), true, answer.Markdown));
}

internal sealed record WeComStream(string Id, bool Finish, string Content);

/// <summary>What WeCom posts and what it is answered with: a sealed message and, on replies, its signature.</summary>
internal sealed record WeComEnvelope(string Encrypt, string? Msgsignature = null, long? Timestamp = null, string? Nonce = null);
