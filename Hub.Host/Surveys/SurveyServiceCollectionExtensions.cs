using IntegrationHub.Hub.Host.Surveys;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the satisfaction survey (issue 24 item 5).</summary>
internal static class SurveyServiceCollectionExtensions
{
    /// <summary>
    /// The survey's links, the invitation <c>TicketWorkflow</c> queues on resolve, and the answers. Needs the portal's
    /// Data Protection (<c>AddHubPortal</c>) and the rules' notifications (<c>AddHubRules</c>).
    /// </summary>
    public static IServiceCollection AddHubSurveys(this IServiceCollection services)
    {
        services.TryAddSingleton<SurveyLinks>();
        services.TryAddSingleton<SurveyInvitations>();
        services.TryAddSingleton<SurveyAnswers>();
        return services;
    }
}
