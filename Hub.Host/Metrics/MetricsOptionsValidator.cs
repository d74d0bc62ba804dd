using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>Checks <c>Hub:Metrics</c>; the token itself is never repeated in a message (it is a secret).</summary>
internal sealed class MetricsOptionsValidator() : HubSettingsValidator<MetricsOptions>(HubSettingPaths.Of(nameof(HubOptions.Metrics)))
{
    protected override void Check(MetricsOptions metrics, List<string> errors)
    {
        var token = metrics.Token;
        if (!metrics.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            errors.Add($"{Setting(nameof(metrics.Token))} is not set, and {Setting(nameof(metrics.Enabled))} is true. Set a token of {MetricsOptions.MinTokenLength} to {MetricsOptions.MaxTokenLength} characters (for example the output of 'openssl rand -hex 32') through the environment variable Hub__Metrics__Token, and give Prometheus the same one (deploy/prometheus/hub-scrape.yml, credentials_file).");
            return;
        }

        if (token.Length < MetricsOptions.MinTokenLength || token.Length > MetricsOptions.MaxTokenLength)
        {
            errors.Add($"{Setting(nameof(metrics.Token))} has {token.Length} characters. Use {MetricsOptions.MinTokenLength} to {MetricsOptions.MaxTokenLength}, for example the output of 'openssl rand -hex 32'.");
        }

        // RFC 6750 section 2.1: a bearer token is visible ASCII without spaces (b64token); anything else cannot be sent
        // in the header as written, so every scrape would be refused.
        var bad = token.Count(c => c is <= ' ' or > '~');
        if (bad > 0)
        {
            errors.Add($"{Setting(nameof(metrics.Token))} holds {bad} character(s) that are not visible ASCII (spaces, control characters or non-ASCII). Use letters, digits and -._~+/= only.");
        }
    }
}
