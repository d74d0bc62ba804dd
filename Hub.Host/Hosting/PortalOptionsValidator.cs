namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Portal</c>: the customer portal's limits, page sizes and token cache.</summary>
internal sealed class PortalOptionsValidator() : HubSettingsValidator<PortalOptions>(HubSettingPaths.Of(nameof(HubOptions.Portal)))
{
    protected override void Check(PortalOptions options, List<string> errors)
    {
        AtLeastOne(errors, nameof(options.RequestsPerMinutePerToken), options.RequestsPerMinutePerToken);
        AtLeastOne(errors, nameof(options.FailedAttemptsPerMinutePerAddress), options.FailedAttemptsPerMinutePerAddress);
        if (options.RequestsPerMinutePerAddress is not null)
        {
            errors.Add($"{Setting(nameof(options.RequestsPerMinutePerAddress))} is no longer used: it limited valid tokens behind a shared address. Remove it, and set {Setting(nameof(options.FailedAttemptsPerMinutePerAddress))} (failed token attempts per address) if 60 does not suit.");
        }

        AtLeastOne(errors, nameof(options.MaxPageSize), options.MaxPageSize);
        if (options.DefaultPageSize < 1 || options.DefaultPageSize > options.MaxPageSize)
        {
            errors.Add($"{Setting(nameof(options.DefaultPageSize))} is {options.DefaultPageSize}. Use 1 to {Setting(nameof(options.MaxPageSize))} ({options.MaxPageSize}).");
        }

        if (options.TokenCacheDuration < TimeSpan.Zero || options.TokenCacheDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Setting(nameof(options.TokenCacheDuration))} is {options.TokenCacheDuration}. Use 00:00:00 to 00:05:00: a revoked token keeps working this long.");
        }

        IntegrationHub.Hub.Host.Portal.ServiceRequests.ServiceRequestOptionsChecks.Check(options.ServiceRequests, Setting(nameof(options.ServiceRequests)), errors);
        Surveys.SurveyChecks.Check(options.Survey, Setting(nameof(options.Survey)), errors);
    }

    private void AtLeastOne(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{Setting(name)} is {value}. Use 1 or more.");
        }
    }
}
