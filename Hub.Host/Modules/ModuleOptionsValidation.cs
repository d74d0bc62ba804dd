using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>A module's <see cref="HubAdapterModule{TOptions}.Validate"/> as the options system's validator.</summary>
internal sealed class ModuleOptionsValidation<TOptions>(HubAdapterModule<TOptions> module) : IValidateOptions<TOptions>
    where TOptions : class, new()
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        // The modules bind the default (unnamed) instance only.
        name != Options.DefaultName ? ValidateOptionsResult.Skip
        : module.Validate(options) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
