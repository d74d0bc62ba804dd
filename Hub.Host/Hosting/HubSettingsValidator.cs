using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The checks of one section of the core's settings as the options system's validator (issue 19 item 4): registered
/// with <c>ValidateOnStart</c> by <see cref="CoreSettingsSections"/>, run by <see cref="HubStartup.ValidateSettings"/> for
/// <c>hub run</c> and every admin command, with every problem of every section reported at once (exit code 2).
/// </summary>
/// <remarks>
/// <see cref="IValidateOptions{TOptions}"/> rather than data annotations, as the adapter modules do: the checks compare
/// settings (a lease outlives its renewal), index into lists (<c>Hub:Rules:Roster:2</c>) and tell the fix.
/// </remarks>
internal abstract class HubSettingsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <summary>The section's full path, for example <c>Hub:Store</c>.</summary>
    public string Section { get; } = section;

    /// <summary>Every problem of <paramref name="options"/>, each naming its full setting path and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Problems(TOptions options)
    {
        var errors = new List<string>();
        Check(options, errors);
        return errors;
    }

    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        // The core's sections are the default (unnamed) instance only.
        name != Options.DefaultName ? ValidateOptionsResult.Skip
        : Problems(options) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;

    /// <summary>A setting's full path: <c>Setting(nameof(options.Provider))</c> is <c>Hub:Store:Provider</c>.</summary>
    protected string Setting(string relative) => ConfigurationPath.Combine(Section, relative);

    /// <summary>Adds a message to <paramref name="errors"/> for each problem of <paramref name="options"/>.</summary>
    protected abstract void Check(TOptions options, List<string> errors);
}
