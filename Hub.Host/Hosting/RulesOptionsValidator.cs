namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Rules</c>: the rules stage's pace and partitions, the roster and the business hours.</summary>
internal sealed class RulesOptionsValidator() : HubSettingsValidator<RulesOptions>(HubSettingPaths.Of(nameof(HubOptions.Rules)))
{
    protected override void Check(RulesOptions options, List<string> errors)
    {
        if (options.TickInterval <= TimeSpan.Zero || options.TickInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Setting(nameof(options.TickInterval))} is {options.TickInterval}. Use 00:00:01 to 00:05:00: timers and SLA escalation run this often.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add($"{Setting(nameof(options.BatchSize))} is {options.BatchSize}. Use 1 to 10000; 500 is a good default.");
        }

        if (options.Partitions is < 1 or > Store.RulePartition.Slots)
        {
            errors.Add($"{Setting(nameof(options.Partitions))} is {options.Partitions}. Use 1 to {Store.RulePartition.Slots}, the same on every node; 16 is a good default.");
        }

        if (options.ReorderWindow is { } window && (window < TimeSpan.Zero || window > TimeSpan.FromMinutes(1)))
        {
            errors.Add($"{Setting(nameof(options.ReorderWindow))} is {window}. Use 00:00:00 to 00:01:00; about 00:00:02 when nodes share telemetry.");
        }

        var roster = Setting(nameof(options.Roster));
        for (var i = 0; i < options.Roster.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Roster[i].Id) || string.IsNullOrWhiteSpace(options.Roster[i].Region))
            {
                errors.Add($"{roster}:{i} needs an {nameof(EngineerOptions.Id)} and a {nameof(EngineerOptions.Region)} (the customers' region it serves, e.g. East).");
            }
        }

        if (options.BusinessHours is { } hours)
        {
            var path = Setting(nameof(options.BusinessHours));
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
            {
                errors.Add($"{path}:{nameof(hours.TimeZone)} is '{hours.TimeZone}', which this machine does not know. Use an IANA name such as Asia/Shanghai.");
            }

            if (hours.Open < TimeSpan.Zero || hours.Close > TimeSpan.FromHours(24) || hours.Open >= hours.Close)
            {
                errors.Add($"{path} opens at {hours.Open} and closes at {hours.Close}; set 00:00 <= {nameof(hours.Open)} < {nameof(hours.Close)} <= 24:00.");
            }
        }

        foreach (var id in options.Roster.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{roster} has engineer id '{id}' more than once; ids name the assignee on tickets.");
        }

        // Issue 24 item 2: a desk user is one engineer on the phone page, never two.
        var deskUsers = options.Roster.Select(e => e.DeskUser ?? e.Id).Where(u => u.Length > 0);
        foreach (var user in deskUsers.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{roster} makes desk user '{user}' more than one engineer (through {nameof(EngineerOptions.DeskUser)} or an {nameof(EngineerOptions.Id)} without one); give each engineer its own {nameof(EngineerOptions.DeskUser)}.");
        }
    }
}
