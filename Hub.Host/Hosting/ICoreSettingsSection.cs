namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>One section of the core's settings with its validator (<see cref="CoreSettingsSections"/>).</summary>
internal interface ICoreSettingsSection
{
    /// <summary>The section's problems, checked without a container.</summary>
    IReadOnlyList<string> Problems();

    /// <summary>Registers the section as <c>IOptions&lt;T&gt;</c>, its validator, and its validation at start.</summary>
    void Register(IServiceCollection services);
}
