namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Every problem of the core's settings, without a container: the same validators
/// (<see cref="CoreSettingsSections"/>) that <c>ValidateOnStart</c> runs for <see cref="HubStartup.ValidateSettings"/>.
/// </summary>
internal static class HubOptionsValidator
{
    /// <summary>Each problem names its full setting path and the fix; empty when the core's settings are valid.</summary>
    public static IReadOnlyList<string> Validate(HubOptions options) => [.. CoreSettingsSections.Of(options).SelectMany(s => s.Problems())];
}
