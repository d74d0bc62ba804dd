namespace IntegrationHub.Hub.Host.Chat;

/// <summary>The card of a <see cref="DingTalkReply"/>: the title shown in the chat list, and the markdown text.</summary>
internal sealed record DingTalkMarkdown(string Title, string Text);
