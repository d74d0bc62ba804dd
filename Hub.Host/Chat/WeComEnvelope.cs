namespace IntegrationHub.Hub.Host.Chat;

/// <summary>What WeCom posts and what it is answered with: a sealed message and, on replies, its signature.</summary>
internal sealed record WeComEnvelope(string Encrypt, string? Msgsignature = null, long? Timestamp = null, string? Nonce = null);
