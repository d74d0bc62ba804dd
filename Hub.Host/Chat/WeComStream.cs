namespace IntegrationHub.Hub.Host.Chat;

/// <summary>The stream of a <see cref="WeComStreamReply"/>: a fresh id, finished at once, with the markdown content.</summary>
internal sealed record WeComStream(string Id, bool Finish, string Content);
