namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>The start-up checks of an SMTP channel's login settings: what is missing or unusable, each with the fix.</summary>
internal static class SmtpLoginChecks
{
    public static IEnumerable<string> Problems(ChannelSettings s, string at, string name)
    {
        var token = !string.IsNullOrEmpty(s.AccessToken) || !string.IsNullOrEmpty(s.AccessTokenFile);
        if (!string.IsNullOrEmpty(s.UserName) && !token && string.IsNullOrEmpty(s.Password))
        {
            yield return $"{at}:Password is empty while UserName is set; set it (from an environment variable such as Hub__Notifications__Channels__{name}__Password), or AccessTokenFile for XOAUTH2.";
        }

        if (token && string.IsNullOrEmpty(s.UserName))
        {
            yield return $"{at}:UserName is missing while an access token is set; XOAUTH2 needs the mailbox the token was issued for.";
        }

        // Shown by position only: the token is a secret.
        if (s.AccessToken is { } value && SmtpInputs.FirstControl(value) is { } control)
        {
            yield return $"{at}:AccessToken holds a control character at position {control + 1}; set the token alone, on one line.";
        }

        if (s.AccessTokenFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return $"{at}:AccessTokenFile '{file}' does not exist; point it at the file the site's token refresh job writes.";
        }
    }
}
