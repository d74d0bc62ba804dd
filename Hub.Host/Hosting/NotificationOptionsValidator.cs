namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Notifications</c>: the time zone and quiet hours, the customer limit, retries and claims.</summary>
internal sealed class NotificationOptionsValidator() : HubSettingsValidator<NotificationOptions>(HubSettingPaths.Of(nameof(HubOptions.Notifications)))
{
    /// <summary>The longest <see cref="NotificationOptions.StopGrace"/>: with the host's own margin it stays inside systemd's default 90 s stop timeout.</summary>
    public static readonly TimeSpan MaxStopGrace = TimeSpan.FromMinutes(1);

    protected override void Check(NotificationOptions options, List<string> errors)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            errors.Add($"{Setting(nameof(options.TimeZone))} is '{options.TimeZone}', which this machine does not know. Use an IANA name such as Asia/Shanghai.");
        }
        else if (options.QuietHours is { Length: > 0 } quiet && !Outbox.QuietHours.TryParse(quiet, zone, out _))
        {
            errors.Add($"{Setting(nameof(options.QuietHours))} is '{quiet}'. Write HH:mm-HH:mm, for example 22:00-07:00.");
        }

        if (options.CustomerLimit < 1 || options.CustomerWindow <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(options.CustomerLimit))} ({options.CustomerLimit}) must be 1 or more and {nameof(options.CustomerWindow)} ({options.CustomerWindow}) positive.");
        }

        if (options.MaxAttempts is < 1 or > 100 || options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(options.MaxAttempts))} ({options.MaxAttempts}) must be 1 to 100 and {nameof(options.RetryDelay)} ({options.RetryDelay}) positive.");
        }

        if (options.ClaimDuration < TimeSpan.FromSeconds(30) || options.ClaimDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{Setting(nameof(options.ClaimDuration))} is {options.ClaimDuration}. Use 00:00:30 to 01:00:00, longer than a batch's slowest sending (the default 00:05:00 suits SMTP's 30 s timeouts); a node that dies holds its messages this long.");
        }

        if (options.StopGrace < TimeSpan.Zero || options.StopGrace > MaxStopGrace)
        {
            errors.Add($"{Setting(nameof(options.StopGrace))} is {options.StopGrace}. Use 00:00:00 to {MaxStopGrace:c}: a service manager stops waiting for the hub after about 90 s (systemd's TimeoutStopSec), and the sends abandoned then go out again at the next start.");
        }
    }
}
