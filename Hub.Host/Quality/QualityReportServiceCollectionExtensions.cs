using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Quality;
using IntegrationHub.Hub.Host.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the data-quality report mailed on a schedule (issue 21 item 4).</summary>
internal static class QualityReportServiceCollectionExtensions
{
    /// <summary>
    /// The report's service as leased work <c>quality-report</c> (one node sends, as the rules' SLA escalation runs on
    /// the node holding <c>rules/sla</c>), when <c>Hub:Quality:Report:Schedule</c> is set; nothing otherwise.
    /// </summary>
    public static IServiceCollection AddHubQualityReport(this IServiceCollection services, HubOptions options)
    {
        if (string.IsNullOrEmpty(options.Quality.Report.Schedule))
        {
            return services;
        }

        services.TryAddSingleton<IScheduleLog, StoredScheduleLog>();
        services.TryAddSingleton<QualityReportService>();
        services.AddLeasedWork(QualityReportService.Work, sp => sp.GetRequiredService<QualityReportService>());
        return services;
    }
}
