using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// The hub's services composed as <c>hub run</c> composes them (AddHubCore, and AddHubAdapters when asked), from the
/// hub's appsettings.json and the given settings. The one place the benchmark depends on the hub's composition.
/// </summary>
internal static class HubServices
{
    /// <summary>
    /// A hub on a fresh data folder (deleted first if it exists) with the given mappings, prepared as <c>hub run</c>
    /// prepares it (store migrated, mappings loaded and checked) before anything is measured.
    /// </summary>
    public static async Task<ServiceProvider> PrepareFreshAsync(
        string dataFolder, string mappingsFolder, bool withAdapters, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? more = null)
    {
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }

        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["Hub:DataFolder"] = dataFolder,
            ["Hub:MappingsFolder"] = Path.GetFullPath(mappingsFolder),
        };
        var provider = Build(settings, withAdapters);
        try
        {
            await HubStartup.PrepareAsync(provider, requireMappings: true, cancellationToken).ConfigureAwait(false);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, bool withAdapters)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddInMemoryCollection(settings)
            .Build();
        var options = HubOptions.From(configuration);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            // Warnings and errors only, on stderr: the hub's progress logs are not what is measured.
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddHubCore(options, configuration);
        if (withAdapters)
        {
            services.AddHubAdapters(options, configuration);
        }

        return services.BuildServiceProvider();
    }
}
