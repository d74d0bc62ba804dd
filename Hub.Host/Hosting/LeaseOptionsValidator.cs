namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Leases</c> (issue 18 item 1), each error with its setting and the fix.</summary>
internal sealed class LeaseOptionsValidator() : HubSettingsValidator<LeaseOptions>(HubSettingPaths.Of(nameof(HubOptions.Leases)))
{
    protected override void Check(LeaseOptions leases, List<string> errors)
    {
        if (leases.RenewInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(leases.RenewInterval))} is {leases.RenewInterval}. Use a positive time, for example 00:00:02.");
        }
        else if (leases.Duration <= leases.RenewInterval)
        {
            errors.Add($"{Setting(nameof(leases.Duration))} is {leases.Duration}, not longer than {Setting(nameof(leases.RenewInterval))} ({leases.RenewInterval}); the lease would run out between renewals. Use at least twice the interval, for example 00:00:06.");
        }

        if (leases.RetryInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(leases.RetryInterval))} is {leases.RetryInterval}. Use a positive time, for example 00:00:02.");
        }
    }
}
