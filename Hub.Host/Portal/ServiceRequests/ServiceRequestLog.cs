namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>Service request messages; event ids 2303-2307 are stable for alerting (issue 24). No customer text in logs.</summary>
internal static partial class ServiceRequestLog
{
    [LoggerMessage(2303, LogLevel.Information, "Customer {Customer} reported a problem ({Category}, {Photos} photos) on {AssetId} through the {Channel}: ticket {TicketNo}")]
    public static partial void Reported(ILogger logger, string customer, string category, int photos, string assetId, string channel, string ticketNo);

    [LoggerMessage(2304, LogLevel.Information, "Customer {Customer} sent request {RequestKey} again; it is ticket {TicketNo} already, nothing was stored twice")]
    public static partial void Replayed(ILogger logger, string customer, string requestKey, string ticketNo);

    [LoggerMessage(2305, LogLevel.Warning, "Customer {Customer} reported a problem on a machine that is unknown or not theirs ({AssetId})")]
    public static partial void UnknownAsset(ILogger logger, string customer, string assetId);

    [LoggerMessage(2306, LogLevel.Information, "Service request of customer {Customer} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string customer, string reason);

    [LoggerMessage(2307, LogLevel.Warning, "Service request of customer {Customer} failed to store ({Error}); trying once more, as a submit of the same key at the same moment does")]
    public static partial void Retried(ILogger logger, string customer, string error);

    [LoggerMessage(2392, LogLevel.Warning, "Customer {Customer} is over the photo budget: {Count} photos ({Bytes} bytes) in the last 24 hours, {More} more ({MoreBytes} bytes) refused; nothing was stored")]
    public static partial void OverPhotoBudget(ILogger logger, string customer, int count, long bytes, int more, long moreBytes);
}
