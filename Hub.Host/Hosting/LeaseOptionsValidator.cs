namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Leases</c> (issue 18 item 1), each error with its setting and the fix.</summary>
internal static class LeaseOptionsValidator
{
    public static void Validate(List<string> errors, HubOptions options)
    {
        var leases = options.Leases;
        if (leases.RenewInterval <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Leases:RenewInterval is {leases.RenewInterval}. Use a positive time, for example 00:00:02.");
        }
        else if (leases.Duration <= leases.RenewInterval)
        {
            errors.Add($"Hub:Leases:Duration is {leases.Duration}, not longer than Hub:Leases:RenewInterval ({leases.RenewInterval}); the lease would run out between renewals. Use at least twice the interval, for example 00:00:06.");
        }

        if (leases.RetryInterval <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Leases:RetryInterval is {leases.RetryInterval}. Use a positive time, for example 00:00:02.");
        }
    }
}
