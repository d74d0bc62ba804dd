namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>Preventive maintenance's log messages (issue 24 item 4); event ids 2330-2339 are stable for alerting.</summary>
internal static partial class MaintenanceLog
{
    [LoggerMessage(2330, LogLevel.Information, "Maintenance plan {Plan} is due on {Asset}: interval {Interval} ticketed. {Reason}")]
    public static partial void Due(ILogger logger, string plan, string asset, long interval, string reason);

    [LoggerMessage(2331, LogLevel.Warning, "Maintenance plans in {Folder}: {Count} problem(s); the plans concerned do not run until fixed: {Problems}")]
    public static partial void PlanProblems(ILogger logger, string folder, int count, string problems);

    [LoggerMessage(2332, LogLevel.Information, "Maintenance plans in {Folder}: {Count} plan(s) read, no problems")]
    public static partial void PlansRead(ILogger logger, string folder, int count);

    [LoggerMessage(2333, LogLevel.Information, "{Reason}")]
    public static partial void NotScheduled(ILogger logger, string reason);

    [LoggerMessage(2334, LogLevel.Information, "Maintenance plan {Plan} applies to model {Model}, and no installed machine is of that model")]
    public static partial void NoMachines(ILogger logger, string plan, string model);

    [LoggerMessage(2335, LogLevel.Information, "Maintenance plan {Plan}'s interval {Interval} on {Asset} was ticketed already (by another pass or node); nothing opened")]
    public static partial void AlreadyTicketed(ILogger logger, string plan, long interval, string asset);

    [LoggerMessage(2336, LogLevel.Warning, "Maintenance plan {Plan} on {Asset}: the counter went down ({Resets} time(s) so far). {Reason}")]
    public static partial void CounterWentDown(ILogger logger, string plan, string asset, int resets, string reason);

    [LoggerMessage(2337, LogLevel.Warning, "A maintenance pass failed ({Reason}); the next pass tries again")]
    public static partial void PassFailed(ILogger logger, Exception exception, string reason);
}
