namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Checks the settings before anything starts, reporting every problem at once with the setting's full name and
/// the fix, rather than failing at the first one.
/// </summary>
internal static class HubOptionsValidator
{
    public static IReadOnlyList<string> Validate(HubOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            errors.Add("Hub:DataFolder is empty. Set it to the folder for the hub's database and files, for example /var/lib/integrationhub.");
        }

        if (!string.Equals(options.Store.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Hub:Store:Provider is '{options.Store.Provider}'. This version supports 'sqlite' (embedded); PostgreSQL for scale-out is not available yet.");
        }

        Positive(errors, "Hub:Files:PollInterval", options.Files.PollInterval);
        if (options.Files.StableFor < TimeSpan.Zero)
        {
            errors.Add($"Hub:Files:StableFor is {options.Files.StableFor}. Use 0 or more, for example 00:00:02.");
        }

        if (options.Files.BatchSize is < 1 or > 100_000)
        {
            errors.Add($"Hub:Files:BatchSize is {options.Files.BatchSize}. Use 1 to 100000; 2000 is a good default.");
        }

        if (options.Files.DoneMarkerSuffix is { Length: 0 })
        {
            errors.Add("Hub:Files:DoneMarkerSuffix is empty. Remove it to read files once stable, or set it, for example to '.done'.");
        }

        var portal = options.Portal;
        AtLeastOne(errors, "Hub:Portal:RequestsPerMinutePerToken", portal.RequestsPerMinutePerToken);
        AtLeastOne(errors, "Hub:Portal:RequestsPerMinutePerAddress", portal.RequestsPerMinutePerAddress);
        AtLeastOne(errors, "Hub:Portal:MaxPageSize", portal.MaxPageSize);
        if (portal.DefaultPageSize < 1 || portal.DefaultPageSize > portal.MaxPageSize)
        {
            errors.Add($"Hub:Portal:DefaultPageSize is {portal.DefaultPageSize}. Use 1 to Hub:Portal:MaxPageSize ({portal.MaxPageSize}).");
        }

        if (portal.TokenCacheDuration < TimeSpan.Zero || portal.TokenCacheDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Hub:Portal:TokenCacheDuration is {portal.TokenCacheDuration}. Use 00:00:00 to 00:05:00: a revoked token keeps working this long.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} is {value}. Use a positive time span, for example 00:00:02.");
        }
    }

    private static void AtLeastOne(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} is {value}. Use 1 or more.");
        }
    }
}
