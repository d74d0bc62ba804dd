using IntegrationHub.Hub.Host.Milestones;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Order milestones to customers and sales (issue 23 item 2): detection on every node, and the customer's choice.</summary>
internal static class MilestoneServiceCollectionExtensions
{
    public static IServiceCollection AddHubMilestones(this IServiceCollection services)
    {
        services.TryAddSingleton<MilestoneChannels>();
        services.AddHostedService<MilestonePump>();
        return services;
    }
}
