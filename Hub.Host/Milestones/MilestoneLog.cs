namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// Order milestones' log events (issue 23 item 2; ids 2350-2359), so operators can alert on an id. Order numbers,
/// addresses and tracking numbers are customer data and stay out; customer codes are the ERP's ids.
/// </summary>
internal static partial class MilestoneLog
{
    [LoggerMessage(2350, LogLevel.Warning, "No template {Event}.{Audience}.<language>.hbs (nor .en.hbs) in the notification templates folder, while audience {Audience} has a channel: that order milestone is recorded but nobody in that audience is told of it")]
    public static partial void TemplateMissing(ILogger logger, string @event, string audience);

    [LoggerMessage(2351, LogLevel.Information, "Order milestones: {Recorded} new from CRM change feed positions {From} to {To}, {Messages} message(s) queued")]
    public static partial void Recorded(ILogger logger, int recorded, long from, long to, int messages);

    [LoggerMessage(2352, LogLevel.Warning, "Order milestone detection failed ({Error}); the next pass in a second resumes from the last committed position")]
    public static partial void PassFailed(ILogger logger, Exception exception, string error);

    [LoggerMessage(2353, LogLevel.Warning, "An order of customer {CustomerCode} reached a milestone, but the customer master has no such customer: the milestone is recorded and nobody is told")]
    public static partial void UnknownCustomer(ILogger logger, string customerCode);

    [LoggerMessage(2354, LogLevel.Information, "The CRM change feed is another one (epoch {Previous}, now {Current}: a restored or copied store); order milestone detection goes on from its position {Position}")]
    public static partial void NewFeed(ILogger logger, string previous, string current, long position);
}
