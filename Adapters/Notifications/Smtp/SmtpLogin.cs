using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// How the channel logs in (RFC 4954): XOAUTH2 with a bearer token when one is configured, else PLAIN, else LOGIN
/// with the password, whichever the relay offers; nothing without a user name. Never puts the password or the
/// token in an error: only the mechanism, the user name and the server's reply.
/// </summary>
internal static class SmtpLogin
{
    /// <summary>The mechanism to log in with on <paramref name="client"/>, or null to send without logging in.</summary>
    public static SaslMechanism? Choose(SmtpSettings settings, SmtpClient client)
    {
        if (string.IsNullOrEmpty(settings.UserName))
        {
            return null;
        }

        var offered = client.AuthenticationMechanisms;
        if (AccessToken(settings) is { } token)
        {
            return Offers(offered, "XOAUTH2")
                ? new SaslMechanismOAuth2(settings.UserName, token)
                : throw NotOffered("XOAUTH2", offered, client.IsEncrypted);
        }

        var password = settings.Password ?? string.Empty;
        return Offers(offered, "PLAIN") ? new SaslMechanismPlain(settings.UserName, password)
            : Offers(offered, "LOGIN") ? new SaslMechanismLogin(settings.UserName, password)
            : throw NotOffered("PLAIN or LOGIN", offered, client.IsEncrypted);
    }

    public static async Task AuthenticateAsync(SmtpClient client, SaslMechanism mechanism, SmtpSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            // MailKit writes a refused AUTH as "<code>: <reply text>" (AsyncSmtpClient.AuthenticateAsync); 454 (RFC 4954
            // section 6, "temporary authentication failure") may pass later, 535 and 534 will not.
            var transient = e.Message.Length > 4 && e.Message[0] == '4' && int.TryParse(e.Message.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _) && e.Message[3] == ':';
            throw new SmtpSetupException(
                $"AUTH {mechanism.MechanismName} as '{SmtpInputs.Printable(settings.UserName)}' was refused: {SmtpInputs.Printable(e.Message)}"
                + (mechanism is SaslMechanismOAuth2 ? " (check that the access token is current and grants SMTP sending)." : " (check UserName and Password)."),
                transient, e);
        }
    }

    private static string? AccessToken(SmtpSettings settings)
    {
        string? token;
        if (settings.AccessTokenFile is { Length: > 0 } file)
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The site's refresh job may be rewriting it: a later attempt may find it.
                throw new SmtpSetupException($"cannot read the access token file (AccessTokenFile) '{file}': {e.Message}", isTransient: true, e);
            }

            if (token.Length == 0)
            {
                throw new SmtpSetupException($"the access token file (AccessTokenFile) '{file}' is empty; the job that refreshes the token should write it there.", isTransient: true);
            }
        }
        else
        {
            token = settings.AccessToken is { Length: > 0 } value ? value : null;
        }

        // XOAUTH2 separates its fields with U+0001: a token holding a control character could forge them.
        return token is not null && SmtpInputs.FirstControl(token) is { } at
            ? throw new SmtpSetupException(string.Create(CultureInfo.InvariantCulture, $"the access token holds a control character at position {at + 1}; write the token alone on one line."), isTransient: false)
            : token;
    }

    private static bool Offers(HashSet<string> offered, string mechanism) => offered.Any(m => string.Equals(m, mechanism, StringComparison.OrdinalIgnoreCase));

    private static SmtpSetupException NotOffered(string wanted, HashSet<string> offered, bool encrypted) => new(
        $"the server offers no AUTH {wanted}{(encrypted ? string.Empty : " over a plain connection (many servers offer AUTH only after STARTTLS)")}; mechanisms offered: {(offered.Count == 0 ? "none" : string.Join(", ", offered.Order(StringComparer.Ordinal)))}.",
        isTransient: false);
}
