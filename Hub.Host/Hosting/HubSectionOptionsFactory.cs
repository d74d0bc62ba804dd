using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Makes <c>IOptions&lt;T&gt;</c> of a core section the very instance <see cref="HubOptions"/> bound, so each section
/// is bound once, and runs its <see cref="IValidateOptions{TOptions}"/> as the default factory would.
/// </summary>
internal sealed class HubSectionOptionsFactory<TOptions>(TOptions value, IEnumerable<IValidateOptions<TOptions>> validators) : IOptionsFactory<TOptions>
    where TOptions : class
{
    public TOptions Create(string name)
    {
        var failures = validators.Select(v => v.Validate(name, value)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count > 0 ? throw new OptionsValidationException(name, typeof(TOptions), failures) : value;
    }
}
