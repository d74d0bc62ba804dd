using System.Reflection;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>
/// The adapter modules of the hub, found rather than listed (issue 19 item 5): every non-abstract
/// <see cref="IHubAdapterModule"/> of this assembly with a parameterless constructor, ordered by name.
/// </summary>
/// <remarks>
/// Reflection over one assembly, once per process, rather than a source generator: five modules are found in well under
/// a millisecond, the hub is published without trimming, and a generator would be a project of its own to build and
/// test. A module whose type is missed (not public-constructible) fails <c>HubAdapterModulesTests</c>.
/// </remarks>
internal static class HubAdapterModules
{
    private static readonly Lazy<IReadOnlyList<IHubAdapterModule>> s_all = new(Discover);

    /// <summary>Every module, ordered by <see cref="IHubAdapterModule.Name"/>.</summary>
    public static IReadOnlyList<IHubAdapterModule> All => s_all.Value;

    private static IReadOnlyList<IHubAdapterModule> Discover() =>
    [
        .. typeof(IHubAdapterModule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHubAdapterModule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IHubAdapterModule)Activator.CreateInstance(t)!)
            .OrderBy(m => m.Name, StringComparer.Ordinal),
    ];
}
