namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>One option type at one place in the configuration, with the single-value settings it holds.</summary>
/// <param name="Path">The section's full key, e.g. <c>Hub:Sql:Sources:&lt;n&gt;</c>.</param>
/// <param name="OptionType">The type bound at that place.</param>
/// <param name="Description">What the section is for (the property's and the type's XML doc comments), as Markdown.</param>
/// <param name="Settings">Its single values; nested option types are sections of their own.</param>
internal sealed record SettingsSection(string Path, Type OptionType, string Description, IReadOnlyList<Setting> Settings);
