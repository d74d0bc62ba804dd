namespace IntegrationHub.Adapters.Notifications;

/// <summary>A message ready for one channel: rendered text and, for e-mail, its recipients.</summary>
/// <param name="Subject">One line; e-mail subject, or the title of a chat card.</param>
/// <param name="Body">Plain text (chat channels may read it as markdown).</param>
/// <param name="Recipients">E-mail addresses; empty for webhooks, which post to a fixed address.</param>
public sealed record RenderedMessage(string Subject, string Body, IReadOnlyList<string> Recipients)
{
    /// <summary>
    /// The message's identity, the same on every attempt and on every node: the outbox message's id (a random
    /// 128-bit GUID made when the message was queued). E-mail makes its Message-ID from it and the generic webhook
    /// sends it as its <c>Idempotency-Key</c>, so a receiver can drop the second copy of the at-least-once window
    /// (issue 18 item 3). Null for a message that is not the outbox's: each attempt then has an identity of its own.
    /// Letters, digits and RFC 5322 <c>atext</c> only; a channel refuses anything else.
    /// </summary>
    public string? Key { get; init; }
}
