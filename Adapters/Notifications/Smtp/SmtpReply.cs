namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>A server reply: its code and its text lines (RFC 5321 4.2).</summary>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    public string Text => string.Join(" / ", Lines);

    public override string ToString() => $"{Code} {Text}";
}
