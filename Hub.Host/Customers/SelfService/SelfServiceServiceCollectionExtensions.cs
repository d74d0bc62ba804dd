using IntegrationHub.Hub.Host.Customers.SelfService;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Customers keep their own data (issue 23 item 3): the workflow behind the portal's profile pages and the desk's approvals.</summary>
internal static class SelfServiceServiceCollectionExtensions
{
    public static IServiceCollection AddCustomerSelfService(this IServiceCollection services)
    {
        services.TryAddSingleton<SelfServiceWorkflow>();
        return services;
    }
}
