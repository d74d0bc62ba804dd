using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Crm.Core.Quality;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Quality;

/// <summary>
/// Checks <c>Hub:Quality</c>'s scheduled report (issue 21 item 4): a schedule that parses, in a zone the machine knows,
/// that fires at all; a channel of <c>Hub:Notifications:Channels</c> (from <paramref name="notifications"/>); recipients
/// that are addresses. The thresholds are not range-checked (their documentation says so).
/// </summary>
internal sealed class QualityOptionsValidator(NotificationOptions notifications)
    : HubSettingsValidator<QualityThresholds>(HubSettingPaths.Of(nameof(HubOptions.Quality)))
{
    protected override void Check(QualityThresholds options, List<string> errors)
    {
        var report = options.Report;
        var at = Setting(nameof(options.Report));
        if (string.IsNullOrEmpty(report.Schedule))
        {
            if (report.Channel is { Length: > 0 } || report.Recipients.Count > 0 || report.ScheduleTimeZone is { Length: > 0 })
            {
                errors.Add($"{at}:{nameof(report.Schedule)} is not set, but {at} has a channel, recipients or a zone: the report is sent only on a schedule. Set a Schedule (for example '0 8 * * MON', Mondays at 08:00) or remove {at}.");
            }

            return;
        }

        CronSchedule.TryCreate(
            report.Schedule, report.ScheduleTimeZone, $"{at}:{nameof(report.Schedule)}", $"{at}:{nameof(report.ScheduleTimeZone)}",
            TimeProvider.System.GetUtcNow(), errors);
        var channelPath = $"{at}:{nameof(report.Channel)}";
        if (string.IsNullOrEmpty(report.Channel))
        {
            errors.Add($"{channelPath} is empty. Set it to a key of Hub:Notifications:Channels (channels: {Channels()}), the channel the report goes through.");
        }
        else if (!notifications.Channels.TryGetValue(report.Channel, out var channel))
        {
            errors.Add($"{channelPath} is '{LogText.Escape(report.Channel)}', but Hub:Notifications:Channels has no such channel (channels: {Channels()}).");
        }
        else if (string.Equals(channel.Kind, "smtp", StringComparison.OrdinalIgnoreCase) && report.Recipients.Count == 0)
        {
            errors.Add($"{at}:{nameof(report.Recipients)} is empty, and channel '{report.Channel}' sends e-mail. List the addresses the report goes to, for example {at}:{nameof(report.Recipients)}:0=it@plant.example.");
        }

        for (var i = 0; i < report.Recipients.Count; i++)
        {
            var address = report.Recipients[i];
            if (address.Length is 0 or > 254 || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or ';')
                || address.IndexOf('@', StringComparison.Ordinal) is <= 0 || address.EndsWith('@'))
            {
                var shown = address.Length > 60 ? LogText.Escape(address[..60]) + "..." : LogText.Escape(address);
                errors.Add($"{at}:{nameof(report.Recipients)}:{i} is '{shown}', not an e-mail address. Write one address per entry, such as it@plant.example.");
            }
        }
    }

    private string Channels() => notifications.Channels.Count == 0 ? "none" : string.Join(", ", notifications.Channels.Keys);
}
