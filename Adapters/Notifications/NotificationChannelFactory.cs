using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Adapters.Notifications.Webhooks;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications;

/// <summary>Builds the channels from their settings, reporting every problem of every channel at once.</summary>
public static class NotificationChannelFactory
{
    private static readonly Dictionary<string, WebhookKind> WebhookKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook"] = WebhookKind.Generic,
        ["wecom"] = WebhookKind.WeCom,
        ["dingtalk"] = WebhookKind.DingTalk,
        ["feishu"] = WebhookKind.Feishu,
        ["lark"] = WebhookKind.Feishu,
        ["teams"] = WebhookKind.Teams,
        ["slack"] = WebhookKind.Slack,
    };

    /// <summary>Channel name to settings in, channels and errors out; <c>path</c> (e.g. <c>Hub:Notifications:Channels</c>) prefixes each error.</summary>
    public static (IReadOnlyList<INotificationChannel> Channels, IReadOnlyList<string> Errors) Create(
        IReadOnlyDictionary<string, ChannelSettings> channels, string path, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var built = new List<INotificationChannel>();
        var errors = new List<string>();
        foreach (var (name, s) in channels.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var at = $"{path}:{name}";
            if (string.Equals(s.Kind, "smtp", StringComparison.OrdinalIgnoreCase))
            {
                var before = errors.Count;
                Require(errors, at, "Host", s.Host, "the SMTP relay's host name");
                Require(errors, at, "From", s.From, "the sender address, for example service@example.com");
                if (s.Port is < 1 or > 65535)
                {
                    errors.Add($"{at}:Port is {s.Port}; set 1-65535 (465 with Tls Implicit, 587 for submission with STARTTLS, 25 for a local relay).");
                }

                if (!string.IsNullOrWhiteSpace(s.From) && SmtpInputs.AddressProblem(s.From) is { } from)
                {
                    errors.Add($"{at}:From '{SmtpInputs.Printable(s.From)}' {from}; set a plain address such as service@example.com (the display name goes in FromName).");
                }

                if (s.FromName is { } fromName && SmtpInputs.DisplayNameProblem(fromName) is { } display)
                {
                    errors.Add($"{at}:FromName '{SmtpInputs.Printable(fromName)}' {display}; write the display name as plain text on one line.");
                }

                if (s.CaFile is { Length: > 0 } ca && !File.Exists(ca))
                {
                    errors.Add($"{at}:CaFile '{ca}' does not exist; give the PEM file of the CA that signed the server's certificate.");
                }

                errors.AddRange(SmtpLoginChecks.Problems(s, at, name));

                if (errors.Count == before)
                {
                    var settings = new SmtpSettings
                    {
                        Host = s.Host!,
                        Port = s.Port ?? (s.Tls == SmtpTlsMode.Implicit ? 465 : 587),
                        Tls = s.Tls ?? SmtpTlsMode.StartTls,
                        CaFile = s.CaFile,
                        AllowUntrustedCertificate = s.AllowUntrustedCertificate,
                        UserName = s.UserName,
                        Password = s.Password,
                        AccessToken = s.AccessToken,
                        AccessTokenFile = s.AccessTokenFile,
                        From = s.From!,
                        FromName = s.FromName,
                        Timeout = s.Timeout ?? TimeSpan.FromSeconds(30),
                    };
                    built.Add(new SmtpChannel(name, settings, time, loggers.CreateLogger<SmtpChannel>()));
                }
            }
            else if (s.Kind is not null && WebhookKinds.TryGetValue(s.Kind, out var kind))
            {
                if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{at}:Url is '{s.Url}'; set the robot's full webhook address (http or https).");
                    continue;
                }

                built.Add(new WebhookChannel(name, new WebhookSettings
                {
                    Kind = kind,
                    Url = url,
                    Secret = s.Secret,
                    HeaderName = s.HeaderName,
                    HeaderValue = s.HeaderValue,
                    Timeout = s.Timeout ?? TimeSpan.FromSeconds(15),
                }, http, time));
            }
            else
            {
                errors.Add($"{at}:Kind is '{s.Kind}'; set one of smtp, webhook, wecom, dingtalk, feishu, teams, slack.");
            }
        }

        return (built, errors);
    }

    private static void Require(List<string> errors, string at, string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{at}:{key} is missing; set {what}.");
        }
    }
}
