namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The hub cannot start: its settings or mapping files are invalid. Carries every error found.</summary>
internal sealed class HubConfigurationException(string what, IReadOnlyList<string> errors)
    : Exception($"{what}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
