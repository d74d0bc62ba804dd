using System.Globalization;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>
/// What is checked before a report's photos are written (review of session 24): a replayed key is answered from the
/// first request and writes nothing, and a customer past their photo budget of the last 24 hours is refused, so no
/// customer can fill the data disk by resending a form or by sending many.
/// </summary>
internal sealed partial class ServiceRequestIntake
{
    /// <summary>The answer for a report that must write nothing (a replay, or over the budget), or null to go on.</summary>
    /// <param name="customerCode">Who sends it.</param>
    /// <param name="requestKey">Its idempotency key.</param>
    /// <param name="photoCount">How many photos it carries.</param>
    /// <param name="photoBytes">Their bytes as they would be stored.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public async Task<ServiceRequestOutcome?> ScreenAsync(string customerCode, string requestKey, int photoCount, long photoBytes, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.ServiceRequestAsync(customerCode, requestKey, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            ServiceRequestLog.Replayed(logger, customerCode, requestKey, earlier.TicketNo);
            return new ServiceRequestOutcome(ServiceRequestStatus.Replayed, earlier.TicketNo);
        }

        if (photoCount == 0)
        {
            return null;
        }

        var (count, bytes) = await tx.CustomerPhotoUsageAsync(customerCode, time.GetUtcNow().AddDays(-1), cancellationToken).ConfigureAwait(false);
        if (count + photoCount <= Settings.MaxPhotosPerCustomerPerDay && bytes + photoBytes <= Settings.MaxPhotoBytesPerCustomerPerDay)
        {
            return null;
        }

        ServiceRequestLog.OverPhotoBudget(logger, customerCode, count, bytes, photoCount, photoBytes);
        return new ServiceRequestOutcome(ServiceRequestStatus.OverPhotoBudget, Error: string.Create(CultureInfo.InvariantCulture,
            $"Your account has sent {count} photos ({bytes} bytes) in the last 24 hours; this report's {photoCount} more would pass the limit of {Settings.MaxPhotosPerCustomerPerDay} photos and {Settings.MaxPhotoBytesPerCustomerPerDay} bytes a day. Send the report without photos, or try again tomorrow."));
    }
}
