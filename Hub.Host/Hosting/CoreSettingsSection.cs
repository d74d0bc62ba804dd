using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>A core section: <paramref name="value"/> as <see cref="HubOptions"/> bound it, and its validator.</summary>
internal sealed class CoreSettingsSection<TOptions>(TOptions value, HubSettingsValidator<TOptions> validator) : ICoreSettingsSection
    where TOptions : class
{
    public IReadOnlyList<string> Problems() => validator.Problems(value);

    public void Register(IServiceCollection services)
    {
        // A closed IOptionsFactory<T> is chosen over the options system's open generic one.
        services.AddSingleton<IOptionsFactory<TOptions>>(sp => new HubSectionOptionsFactory<TOptions>(value, sp.GetServices<IValidateOptions<TOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(validator));
        services.AddOptions<TOptions>().ValidateOnStart();
    }
}
