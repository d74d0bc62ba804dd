namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Checks <c>Hub:Retention</c> (issue 17 item 6), each error with its setting and the fix; the sent messages' retention
/// against <c>Hub:Notifications:CustomerWindow</c> of <paramref name="notifications"/>.
/// </summary>
internal sealed class RetentionOptionsValidator(NotificationOptions notifications)
    : HubSettingsValidator<RetentionOptions>(HubSettingPaths.Of(nameof(HubOptions.Retention)))
{
    protected override void Check(RetentionOptions retention, List<string> errors)
    {
        if (retention.ReplayedDeadLetters <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(retention.ReplayedDeadLetters))} is {retention.ReplayedDeadLetters}. Use a positive time, for example 30.00:00:00.");
        }

        if (retention.DeadLetters < retention.ReplayedDeadLetters)
        {
            errors.Add($"{Setting(nameof(retention.DeadLetters))} is {retention.DeadLetters}, shorter than {Setting(nameof(retention.ReplayedDeadLetters))} ({retention.ReplayedDeadLetters}). A dead letter not yet replayed is the only copy of its data: keep it at least as long, for example 180.00:00:00.");
        }

        if (retention.SentOutbox < notifications.CustomerWindow || retention.SentOutbox <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(retention.SentOutbox))} is {retention.SentOutbox}. Use a positive time of at least {HubSettingPaths.Of(nameof(HubOptions.Notifications), nameof(notifications.CustomerWindow))} ({notifications.CustomerWindow}), whose limit counts the messages sent within it; for example 30.00:00:00.");
        }

        if (retention.ProcessedFiles <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(retention.ProcessedFiles))} is {retention.ProcessedFiles}. Use a positive time, for example 30.00:00:00.");
        }

        if (retention.Interval < TimeSpan.FromSeconds(1) || retention.Interval > TimeSpan.FromHours(1))
        {
            errors.Add($"{Setting(nameof(retention.Interval))} is {retention.Interval}. Use 00:00:01 to 01:00:00, for example 00:01:00.");
        }

        if (retention.BatchSize is < 1 or > 100_000)
        {
            errors.Add($"{Setting(nameof(retention.BatchSize))} is {retention.BatchSize}. Use 1 to 100000; 250 keeps each batch to a few milliseconds.");
        }

        if (retention.BatchPause < TimeSpan.Zero || retention.BatchPause > TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Setting(nameof(retention.BatchPause))} is {retention.BatchPause}. Use 00:00:00 to 00:00:01, for example 00:00:00.005.");
        }
    }
}
