namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>One configuration section the hub binds to an option type, e.g. <c>Hub</c> to <see cref="Hosting.HubOptions"/>.</summary>
/// <param name="Section">The section's full path, such as <c>Hub</c> or <c>Hub:Mqtt</c>.</param>
/// <param name="Type">The option type bound from it; its public settable properties are the settings.</param>
internal sealed record SettingsRoot(string Section, Type Type);
