using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>Checks <c>Hub:Crm</c> (issue 23 item 1), each problem with its setting and the fix.</summary>
internal sealed class CrmOptionsValidator(HubOptions hub) : HubSettingsValidator<CrmOptions>(HubSettingPaths.Of(nameof(HubOptions.Crm)))
{
    private const int MinSecretBytes = 16;
    private const int MaxNameLength = 40;

    protected override void Check(CrmOptions crm, List<string> errors)
    {
        foreach (var (name, webhook) in crm.Webhooks)
        {
            var at = Setting($"{nameof(crm.Webhooks)}:{name}");
            if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{at}: the name {CrmText.Quote(name)} must be 1 to {MaxNameLength} letters, digits, '-' or '_' (it names the subscription in the outbox).");
            }

            CheckUrl($"{at}:{nameof(webhook.Url)}", webhook.Url, errors);
            var unknown = webhook.Kinds.Where(k => CrmKinds.Find(k) is null || CrmKinds.Find(k) == CrmKinds.OrderProgress).ToList();
            if (webhook.Kinds.Length == 0 || unknown.Count > 0)
            {
                errors.Add($"{at}:{nameof(webhook.Kinds)} {(unknown.Count > 0 ? "names " + string.Join(", ", unknown.Select(k => CrmText.Quote(k))) : "is empty")}; list some of {string.Join(", ", CrmKinds.Pushed)}.");
            }

            if (webhook.Timeout < TimeSpan.FromSeconds(1) || webhook.Timeout > TimeSpan.FromMinutes(5))
            {
                errors.Add($"{at}:{nameof(webhook.Timeout)} is {webhook.Timeout}. Use 00:00:01 to 00:05:00, for example 00:00:10.");
            }

            if (webhook.SecretFile.Length == 0)
            {
                errors.Add($"{at}:{nameof(webhook.SecretFile)} is empty. Name a file holding the signing secret (at least {MinSecretBytes} bytes), for example crm-{name}.secret in the data folder.");
            }
            else if (ReadSecret(hub, webhook) is { Length: < MinSecretBytes } secret)
            {
                errors.Add($"{at}:{nameof(webhook.SecretFile)}: {hub.Resolve(webhook.SecretFile)} {(secret.Length == 0 ? "is missing, empty or unreadable" : $"holds {secret.Length} bytes")}; put a secret of at least {MinSecretBytes} random bytes in it.");
            }
        }
    }

    /// <summary>The secret of <paramref name="webhook"/>'s file, trimmed of a final line break; empty when it cannot be read.</summary>
    public static byte[] ReadSecret(HubOptions hub, CrmWebhookOptions webhook)
    {
        try
        {
            var text = File.ReadAllText(hub.Resolve(webhook.SecretFile)).TrimEnd('\r', '\n');
            return System.Text.Encoding.UTF8.GetBytes(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return [];
        }
    }

    private static void CheckUrl(string setting, string value, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{setting} is {CrmText.Quote(value, 80)}. Use an http:// or https:// address, for example https://crm.example.com/hooks/hub.");
        }
        else if (url.UserInfo.Length > 0)
        {
            // Never quote the URL back: it holds a password.
            errors.Add($"{setting} holds a user name or password before the host. Remove it: the receiver checks the signature made with SecretFile instead.");
        }
    }
}
