namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>One setting of the reference: a value the configuration binder sets.</summary>
/// <param name="Key">The full key, with <c>&lt;n&gt;</c> for a list's entry and <c>&lt;name&gt;</c> for a map's key.</param>
/// <param name="Type">The kind of value, in words (text, integer, duration...).</param>
/// <param name="Default">The value a default-constructed option type holds, as written in the settings.</param>
/// <param name="Description">From the property's XML doc comment (summary, then value), as Markdown.</param>
internal sealed record Setting(string Key, string Type, string Default, string Description);
