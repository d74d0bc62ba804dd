namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Telemetry</c> and <c>Hub:Retention</c> (issue 17 item 6), each error with its setting and the fix.</summary>
internal static class RetentionOptionsValidator
{
    public static void Validate(List<string> errors, HubOptions options)
    {
        var telemetry = options.Telemetry;
        var retention = options.Retention;
        if (telemetry.RawRetention < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Hub:Telemetry:RawRetention is {telemetry.RawRetention}. Use 00:01:00 or more, for example 7.00:00:00 (7 days).");
        }

        if (telemetry.RollupRetention.Minute < telemetry.RawRetention)
        {
            errors.Add($"Hub:Telemetry:RollupRetention:Minute is {telemetry.RollupRetention.Minute}, shorter than Hub:Telemetry:RawRetention ({telemetry.RawRetention}). Keep minute rollups at least as long as raw readings, for example 90.00:00:00.");
        }

        if (telemetry.RollupRetention.Hour < telemetry.RollupRetention.Minute)
        {
            errors.Add($"Hub:Telemetry:RollupRetention:Hour is {telemetry.RollupRetention.Hour}, shorter than Hub:Telemetry:RollupRetention:Minute ({telemetry.RollupRetention.Minute}). Keep hour rollups at least as long, for example 1096.00:00:00 (3 years).");
        }

        if (retention.ReplayedDeadLetters <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Retention:ReplayedDeadLetters is {retention.ReplayedDeadLetters}. Use a positive time, for example 30.00:00:00.");
        }

        if (retention.DeadLetters < retention.ReplayedDeadLetters)
        {
            errors.Add($"Hub:Retention:DeadLetters is {retention.DeadLetters}, shorter than Hub:Retention:ReplayedDeadLetters ({retention.ReplayedDeadLetters}). A dead letter not yet replayed is the only copy of its data: keep it at least as long, for example 180.00:00:00.");
        }

        if (retention.SentOutbox < options.Notifications.CustomerWindow || retention.SentOutbox <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Retention:SentOutbox is {retention.SentOutbox}. Use a positive time of at least Hub:Notifications:CustomerWindow ({options.Notifications.CustomerWindow}), whose limit counts the messages sent within it; for example 30.00:00:00.");
        }

        if (retention.ProcessedFiles <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Retention:ProcessedFiles is {retention.ProcessedFiles}. Use a positive time, for example 30.00:00:00.");
        }

        if (retention.Interval < TimeSpan.FromSeconds(1) || retention.Interval > TimeSpan.FromHours(1))
        {
            errors.Add($"Hub:Retention:Interval is {retention.Interval}. Use 00:00:01 to 01:00:00, for example 00:01:00.");
        }

        if (retention.BatchSize is < 1 or > 100_000)
        {
            errors.Add($"Hub:Retention:BatchSize is {retention.BatchSize}. Use 1 to 100000; 250 keeps each batch to a few milliseconds.");
        }

        if (retention.BatchPause < TimeSpan.Zero || retention.BatchPause > TimeSpan.FromSeconds(1))
        {
            errors.Add($"Hub:Retention:BatchPause is {retention.BatchPause}. Use 00:00:00 to 00:00:01, for example 00:00:00.005.");
        }
    }
}
