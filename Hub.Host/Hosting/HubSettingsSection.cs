namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>A section of the hub's settings: its full configuration path and the option type it binds to.</summary>
/// <param name="Path">The full path, for example <c>Hub:Mqtt</c>.</param>
/// <param name="Type">The option type; its public properties are the settings of the section.</param>
internal sealed record HubSettingsSection(string Path, Type Type);
