using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Portal.ServiceRequests;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers problems reported by customers (issue 24 item 1) and the photo intake they use.</summary>
internal static class ServiceRequestServiceCollectionExtensions
{
    public static IServiceCollection AddServiceRequests(this IServiceCollection services, HubOptions options)
    {
        // Photos live in the data folder, never under the pages' root; the engineer's page takes its photos here too.
        services.TryAddSingleton(sp => new PhotoIntake(
            options.Portal.ServiceRequests.Photos, options.Resolve(PhotoIntake.FolderName), sp.GetRequiredService<ILogger<PhotoIntake>>()));
        services.TryAddSingleton<ServiceRequestIntake>();
        return services;
    }
}
