namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The chat robot that answers order questions in the customers' DingTalk groups (<c>Hub:Chat</c>).</summary>
internal sealed record ChatOptions
{
    /// <summary>The DingTalk robot's AppSecret, which signs every message DingTalk posts; the endpoint is off without it.</summary>
    public string? DingTalkAppSecret { get; init; }

    /// <summary>
    /// Chat users linked to customers. Only linked users get answers, and only about their customer's orders. A list,
    /// not a map: DingTalk's sender ids hold colons, which configuration keys cannot.
    /// </summary>
    public IReadOnlyList<ChatUserLink> Users { get; init; } = [];

    /// <summary>The customer a chat user is linked to, if any.</summary>
    public string? CustomerOf(string? userId) =>
        userId is null ? null : Users.FirstOrDefault(u => string.Equals(u.UserId, userId, StringComparison.Ordinal))?.Customer;
}

/// <summary>A chat user (DingTalk senderStaffId, or senderId for users outside the organisation) and their customer.</summary>
internal sealed record ChatUserLink
{
    public string UserId { get; init; } = string.Empty;

    public string Customer { get; init; } = string.Empty;
}
