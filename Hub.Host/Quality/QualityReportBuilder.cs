using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Quality;

/// <summary>The data-quality report of what the store holds: for <c>hub quality report</c> and the scheduled e-mail alike.</summary>
internal static class QualityReportBuilder
{
    /// <summary>The report's metrics over the customer master, the sales orders and their lines.</summary>
    public static async Task<IReadOnlyList<QualityMetric>> BuildAsync(IHubStore store, QualityThresholds thresholds, CancellationToken cancellationToken)
    {
        var customers = await store.ListCustomersAsync(cancellationToken).ConfigureAwait(false);
        var orders = (await store.ListEntitiesAsync(EntityKind.SalesOrder, cancellationToken).ConfigureAwait(false)).Cast<SalesOrder>().ToList();
        var lines = (await store.ListEntitiesAsync(EntityKind.SalesOrderLine, cancellationToken).ConfigureAwait(false)).Cast<SalesOrderLine>().ToList();
        return DataQualityReport.Build(customers, orders, lines, thresholds);
    }

    /// <summary>One metric as a line of text: rating, name, value, what was counted.</summary>
    public static string Line(QualityMetric metric)
    {
        var i = CultureInfo.InvariantCulture;
        var value = metric.IsShare ? metric.Value.ToString("P1", i) : metric.Value.ToString("N0", i);
        return $"{metric.Rating.ToString().ToUpperInvariant(),-6} {metric.Name,-26} {value,8}  {metric.Detail}";
    }
}
