using System.Globalization;

namespace IntegrationHub.Tests.Common.Smtp;

/// <summary>How <see cref="SmtpTestServer"/> starts aiosmtpd; each option maps to an argument of smtp_server.py.</summary>
public sealed record SmtpTestServerOptions
{
    /// <summary>TLS with a certificate from a test CA: STARTTLS, or implicit TLS with <see cref="ImplicitTls"/>.</summary>
    public bool Tls { get; init; } = true;

    /// <summary>TLS from the first byte (port 465 style) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>AUTH required, as <see cref="SmtpTestServer.UserName"/> with <see cref="SmtpTestServer.Password"/>.</summary>
    public bool Auth { get; init; } = true;

    /// <summary>Offer only these mechanisms (e.g. <c>LOGIN</c>); null offers PLAIN and LOGIN, and XOAUTH2 with a token.</summary>
    public IReadOnlyList<string>? AuthMechanisms { get; init; }

    /// <summary>Accept AUTH XOAUTH2 for the user with exactly this bearer token.</summary>
    public string? OAuthToken { get; init; }

    /// <summary>Answer every DATA with this reply.</summary>
    public string? FailWith { get; init; }

    /// <summary>Keep the first this many messages, then close before the reply to their DATA.</summary>
    public int DropAfterData { get; init; }

    /// <summary>For the first this many DATA commands: answer 354, read one line, close; nothing is kept.</summary>
    public int CloseMidData { get; init; }

    /// <summary>
    /// Keep the first this many messages, then hold the reply to their DATA until <see cref="SmtpTestServer.ReleaseHeldReplies"/>:
    /// the message is on the server while the client still waits to hear so (a send in flight).
    /// </summary>
    public int HoldData { get; init; }

    /// <summary>Close a connection idle for this long (aiosmtpd's default is five minutes).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    internal IEnumerable<string> MoreArguments()
    {
        if (ImplicitTls)
        {
            yield return "--implicit-tls";
        }

        if (AuthMechanisms is { Count: > 0 } mechanisms)
        {
            yield return "--auth-mechanisms";
            yield return string.Join(",", mechanisms);
        }

        if (OAuthToken is not null)
        {
            yield return "--oauth-token";
            yield return OAuthToken;
        }

        if (CloseMidData > 0)
        {
            yield return "--close-mid-data";
            yield return CloseMidData.ToString(CultureInfo.InvariantCulture);
        }

        if (HoldData > 0)
        {
            yield return "--hold-data";
            yield return HoldData.ToString(CultureInfo.InvariantCulture);
        }

        if (IdleTimeout is { } idle)
        {
            yield return "--idle-timeout";
            yield return idle.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
