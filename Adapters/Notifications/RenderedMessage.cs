namespace IntegrationHub.Adapters.Notifications;

/// <summary>A message ready for one channel: rendered text and, for e-mail, its recipients.</summary>
/// <param name="Subject">One line; e-mail subject, or the title of a chat card.</param>
/// <param name="Body">Plain text (chat channels may read it as markdown).</param>
/// <param name="Recipients">E-mail addresses; empty for webhooks, which post to a fixed address.</param>
public sealed record RenderedMessage(string Subject, string Body, IReadOnlyList<string> Recipients);
