using System.Reflection;
using System.Runtime.Loader;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// Loads a provider assembly and its dependencies from the plugins folder, isolated from the hub's own; assemblies
/// the hub already has (System.Data.Common and the like) come from the default context so that the factory type is
/// the hub's <see cref="System.Data.Common.DbProviderFactory"/>.
/// </summary>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext($"sql-provider:{Path.GetFileName(mainAssemblyPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName)))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var local = Path.Combine(Path.GetDirectoryName(mainAssemblyPath)!, assemblyName.Name + ".dll");
            path = File.Exists(local) ? local : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
