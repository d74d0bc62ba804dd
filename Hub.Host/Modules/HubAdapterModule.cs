using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>
/// The base of an adapter module whose settings bind to <typeparamref name="TOptions"/> at <see cref="Section"/>:
/// <c>AddOptions&lt;T&gt;().Bind(section)</c>, and <see cref="Validate"/> as an <see cref="IValidateOptions{TOptions}"/>
/// run by <c>ValidateOnStart</c>, so every problem of every module is reported at once, before anything starts.
/// </summary>
/// <remarks>
/// <see cref="IValidateOptions{TOptions}"/> rather than data annotations or the options validation source generator:
/// the checks are across settings (a shared group needs MQTT 5, a key file needs its certificate), index into lists
/// (<c>Hub:Sql:Sources:2:Query</c>) and tell the fix, which attributes cannot say.
/// </remarks>
internal abstract class HubAdapterModule<TOptions> : IHubAdapterModule
    where TOptions : class, new()
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Section { get; }

    /// <inheritdoc/>
    public Type OptionsType => typeof(TOptions);

    /// <summary>A setting's full path: <c>Setting("Port")</c> is <c>Hub:Mqtt:Port</c>; pass <c>nameof</c>, not a literal.</summary>
    protected string Setting(string relative) => Section + ConfigurationPath.KeyDelimiter + relative;

    /// <summary>Every problem of <paramref name="options"/>, each naming its full setting path and the fix; empty when valid.</summary>
    public abstract IReadOnlyList<string> Validate(TOptions options);

    /// <inheritdoc/>
    public void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ModuleOptionsValidation<TOptions>(this)));
    }

    /// <inheritdoc/>
    public void AddServices(IServiceCollection services, IConfiguration configuration, HubOptions hub) =>
        // The shape of what runs (one poller per source) is needed before the container exists, so the section is read
        // here as the container's IOptions<T> will read it.
        AddServices(services, configuration.GetSection(Section).Get<TOptions>() ?? new TOptions(), hub);

    /// <summary>Registers the adapter's work for <paramref name="options"/> (not yet validated: register, do not connect).</summary>
    protected abstract void AddServices(IServiceCollection services, TOptions options, HubOptions hub);

    /// <inheritdoc/>
    public IReadOnlyList<string> CheckResources(IServiceProvider services) =>
        CheckResources(services.GetRequiredService<IOptions<TOptions>>().Value, services.GetRequiredService<HubOptions>());

    /// <summary>The resources <paramref name="options"/> need; by default there is nothing to check.</summary>
    protected virtual IReadOnlyList<string> CheckResources(TOptions options, HubOptions hub) => [];

    /// <inheritdoc/>
    public IEnumerable<MappingSourceSetting> MappingSources(IServiceProvider services) =>
        MappingSources(services.GetRequiredService<IOptions<TOptions>>().Value);

    /// <summary>The mapping sources <paramref name="options"/> name.</summary>
    protected abstract IEnumerable<MappingSourceSetting> MappingSources(TOptions options);
}
