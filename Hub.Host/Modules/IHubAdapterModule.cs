using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>
/// One adapter of the hub, declared in one place (issue 19 item 5): its settings section and their validation, the
/// mapping sources its settings name, and its services (hosted or leased work, and the <c>IAdapterStatusSource</c>s
/// that are both its <c>/health</c> entries and its per-adapter metrics). The host finds every implementation in
/// its assembly (<see cref="HubAdapterModules"/>), so an adapter is added by adding its folder under <c>Modules/</c>.
/// </summary>
/// <remarks>Implement it through <see cref="HubAdapterModule{TOptions}"/>, which binds and validates the section.</remarks>
internal interface IHubAdapterModule
{
    /// <summary>The adapter's name: its <c>/health</c> entry and the <c>adapter</c> label of its metrics start with it.</summary>
    string Name { get; }

    /// <summary>The full configuration path of its settings, for example <c>Hub:Mqtt</c>.</summary>
    string Section { get; }

    /// <summary>The type its section binds to; <c>IOptions&lt;T&gt;</c> of it is in the container.</summary>
    Type OptionsType { get; }

    /// <summary>
    /// Binds the section as <c>IOptions&lt;T&gt;</c> with the module's validation run at start. Enough for the admin
    /// commands, which validate the same settings as <c>hub run</c> without starting any adapter.
    /// </summary>
    void AddOptions(IServiceCollection services, IConfiguration configuration);

    /// <summary>Registers what runs in the server (after <see cref="AddOptions"/>).</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration, HubOptions hub);

    /// <summary>
    /// What the settings need beyond themselves, checked once they are valid and before anything starts (the database
    /// providers a source names can be loaded); one message per problem, each naming its setting.
    /// </summary>
    IReadOnlyList<string> CheckResources(IServiceProvider services);

    /// <summary>Every mapping source the settings name, with the setting that names it (the start refuses an unmapped one).</summary>
    IEnumerable<MappingSourceSetting> MappingSources(IServiceProvider services);
}
