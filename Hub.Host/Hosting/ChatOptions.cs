namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The chat robots that answer order questions in the customers' DingTalk and WeCom chats (<c>Hub:Chat</c>).</summary>
internal sealed record ChatOptions
{
    /// <summary>The DingTalk robot's AppSecret, which signs every message DingTalk posts; the endpoint is off without it.</summary>
    public string? DingTalkAppSecret { get; init; }

    /// <summary>The Token of a WeCom intelligent robot in API mode, which signs its callbacks; the endpoint is off without it.</summary>
    public string? WeComToken { get; init; }

    /// <summary>The robot's EncodingAESKey (43 characters), with which WeCom encrypts callbacks and the hub its replies.</summary>
    public string? WeComEncodingAesKey { get; init; }

    /// <summary>The receive id inside WeCom's ciphertexts: empty for an enterprise's own intelligent robot, the CorpID for an app.</summary>
    public string WeComReceiveId { get; init; } = string.Empty;

    /// <summary>
    /// Chat users linked to customers. Only linked users get answers, and only about their customer's orders. A list,
    /// not a map: DingTalk's sender ids hold colons, which configuration keys cannot.
    /// </summary>
    public IReadOnlyList<ChatUserLink> Users { get; init; } = [];

    /// <summary>The customer a chat user is linked to, if any.</summary>
    public string? CustomerOf(string? userId) =>
        userId is null ? null : Users.FirstOrDefault(u => string.Equals(u.UserId, userId, StringComparison.Ordinal))?.Customer;
}

/// <summary>
/// A chat user (DingTalk senderStaffId, or senderId for users outside the organisation; WeCom userid) and their customer.
/// </summary>
internal sealed record ChatUserLink
{
    /// <summary>
    /// The chat user's id as the platform sends it (DingTalk senderStaffId, or senderId outside the organisation; WeCom
    /// userid), compared exactly. Required (checked at start); a user not listed is only told that the chat is not linked to a customer.
    /// </summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>
    /// The code of the customer whose orders this user may ask about, compared exactly with the order's customer code; another
    /// customer's order is answered as not found. Required (checked at start); a code that names no customer is not
    /// checked and finds no orders.
    /// </summary>
    public string Customer { get; init; } = string.Empty;
}
