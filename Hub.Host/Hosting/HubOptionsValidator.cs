using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Checks the settings before anything starts, reporting every problem at once with the setting's full name and
/// the fix, rather than failing at the first one.
/// </summary>
internal static class HubOptionsValidator
{
    public static IReadOnlyList<string> Validate(HubOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            errors.Add("Hub:DataFolder is empty. Set it to the folder for the hub's database and files, for example /var/lib/integrationhub.");
        }

        ValidateNodeId(errors, options.NodeId);
        ValidateStore(errors, options.Store);

        var portal = options.Portal;
        AtLeastOne(errors, "Hub:Portal:RequestsPerMinutePerToken", portal.RequestsPerMinutePerToken);
        AtLeastOne(errors, "Hub:Portal:FailedAttemptsPerMinutePerAddress", portal.FailedAttemptsPerMinutePerAddress);
        if (portal.RequestsPerMinutePerAddress is not null)
        {
            errors.Add("Hub:Portal:RequestsPerMinutePerAddress is no longer used: it limited valid tokens behind a shared address. Remove it, and set Hub:Portal:FailedAttemptsPerMinutePerAddress (failed token attempts per address) if 60 does not suit.");
        }
        AtLeastOne(errors, "Hub:Portal:MaxPageSize", portal.MaxPageSize);
        if (portal.DefaultPageSize < 1 || portal.DefaultPageSize > portal.MaxPageSize)
        {
            errors.Add($"Hub:Portal:DefaultPageSize is {portal.DefaultPageSize}. Use 1 to Hub:Portal:MaxPageSize ({portal.MaxPageSize}).");
        }

        if (portal.TokenCacheDuration < TimeSpan.Zero || portal.TokenCacheDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Hub:Portal:TokenCacheDuration is {portal.TokenCacheDuration}. Use 00:00:00 to 00:05:00: a revoked token keeps working this long.");
        }

        if (options.Desk.SessionCheckInterval < TimeSpan.Zero || options.Desk.SessionCheckInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Hub:Desk:SessionCheckInterval is {options.Desk.SessionCheckInterval}. Use 00:00:00 to 00:01:00: a demoted, disabled or signed-out desk user keeps access this long on other nodes.");
        }

        if (options.Desk.SessionDuration < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Hub:Desk:SessionDuration is {options.Desk.SessionDuration}. Use 00:01:00 or more, for example 10:00:00.");
        }

        ValidateRules(errors, options.Rules);
        ValidateNotifications(errors, options.Notifications);
        ValidateChat(errors, options.Chat);
        WebOptionsValidator.Validate(errors, options.Web);
        RetentionOptionsValidator.Validate(errors, options);
        LeaseOptionsValidator.Validate(errors, options);
        Metrics.MetricsOptionsValidator.Validate(errors, options.Metrics);
        return errors;
    }

    // Issue 18: the node id is written into claims and leases and shown on /health and in logs, so it must be short
    // and printable.
    private static void ValidateNodeId(List<string> errors, string? nodeId)
    {
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            errors.Add("Hub:NodeId is empty. Remove it to use the machine name and process id, or set a name unique among the nodes of one store, for example hub1.");
        }
        else if (nodeId.Length > HubOptions.MaxNodeIdLength || nodeId.Any(char.IsControl) || nodeId.Trim() != nodeId)
        {
            errors.Add($"Hub:NodeId is {nodeId.Length} characters with control characters or surrounding spaces, or over {HubOptions.MaxNodeIdLength}. Use a short printable name unique among the nodes of one store, for example hub1.");
        }
    }

    // Issue 17 item 2: the store is SQLite (embedded) or PostgreSQL, whose connection string comes from the environment.
    private static void ValidateStore(List<string> errors, StoreOptions store)
    {
        if (!StoreOptions.Providers.Contains(store.Provider, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Hub:Store:Provider is '{store.Provider}'. Use one of: {string.Join(", ", StoreOptions.Providers.Select(p => $"'{p}'"))} ('sqlite' is the embedded default).");
        }
        else if (store.IsPostgreSql && string.IsNullOrWhiteSpace(store.ConnectionString))
        {
            errors.Add("Hub:Store:ConnectionString is empty, and Hub:Store:Provider is 'postgresql'. Set it in the environment, for example Hub__Store__ConnectionString='Host=db1;Port=5432;Database=hub;Username=hub;Password=...'.");
        }
    }

    private static void ValidateChat(List<string> errors, ChatOptions chat)
    {
        var hasToken = !string.IsNullOrEmpty(chat.WeComToken);
        var hasKey = !string.IsNullOrEmpty(chat.WeComEncodingAesKey);
        if (hasToken != hasKey)
        {
            errors.Add($"Hub:Chat:{(hasToken ? "WeComEncodingAesKey" : "WeComToken")} is missing. A WeCom robot needs both its Token and its EncodingAESKey, from the robot's API settings.");
        }
        else if (hasKey && WeComCallbackCrypto.KeyOf(chat.WeComEncodingAesKey) is null)
        {
            errors.Add($"Hub:Chat:WeComEncodingAesKey is not valid: {WeComCallbackCrypto.KeyProblem}.");
        }

        for (var i = 0; i < chat.Users.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(chat.Users[i].UserId) || string.IsNullOrWhiteSpace(chat.Users[i].Customer))
            {
                errors.Add($"Hub:Chat:Users:{i} needs a UserId (the chat user's id) and a Customer (the customer code it may ask about).");
            }
        }
    }

    private static void ValidateRules(List<string> errors, RulesOptions rules)
    {
        if (rules.TickInterval <= TimeSpan.Zero || rules.TickInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Hub:Rules:TickInterval is {rules.TickInterval}. Use 00:00:01 to 00:05:00: timers and SLA escalation run this often.");
        }

        if (rules.BatchSize is < 1 or > 10_000)
        {
            errors.Add($"Hub:Rules:BatchSize is {rules.BatchSize}. Use 1 to 10000; 500 is a good default.");
        }

        if (rules.Partitions is < 1 or > Store.RulePartition.Slots)
        {
            errors.Add($"Hub:Rules:Partitions is {rules.Partitions}. Use 1 to {Store.RulePartition.Slots}, the same on every node; 16 is a good default.");
        }

        if (rules.ReorderWindow is { } window && (window < TimeSpan.Zero || window > TimeSpan.FromMinutes(1)))
        {
            errors.Add($"Hub:Rules:ReorderWindow is {window}. Use 00:00:00 to 00:01:00; about 00:00:02 when nodes share telemetry.");
        }

        for (var i = 0; i < rules.Roster.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(rules.Roster[i].Id) || string.IsNullOrWhiteSpace(rules.Roster[i].Region))
            {
                errors.Add($"Hub:Rules:Roster:{i} needs an Id and a Region (the customers' region it serves, e.g. East).");
            }
        }

        if (rules.BusinessHours is { } hours)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
            {
                errors.Add($"Hub:Rules:BusinessHours:TimeZone is '{hours.TimeZone}', which this machine does not know. Use an IANA name such as Asia/Shanghai.");
            }

            if (hours.Open < TimeSpan.Zero || hours.Close > TimeSpan.FromHours(24) || hours.Open >= hours.Close)
            {
                errors.Add($"Hub:Rules:BusinessHours opens at {hours.Open} and closes at {hours.Close}; set 00:00 <= Open < Close <= 24:00.");
            }
        }

        foreach (var id in rules.Roster.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"Hub:Rules:Roster has engineer id '{id}' more than once; ids name the assignee on tickets.");
        }
    }

    private static void ValidateNotifications(List<string> errors, NotificationOptions notifications)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(notifications.TimeZone, out var zone))
        {
            errors.Add($"Hub:Notifications:TimeZone is '{notifications.TimeZone}', which this machine does not know. Use an IANA name such as Asia/Shanghai.");
        }
        else if (notifications.QuietHours is { Length: > 0 } quiet && !Outbox.QuietHours.TryParse(quiet, zone, out _))
        {
            errors.Add($"Hub:Notifications:QuietHours is '{quiet}'. Write HH:mm-HH:mm, for example 22:00-07:00.");
        }

        if (notifications.CustomerLimit < 1 || notifications.CustomerWindow <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Notifications:CustomerLimit ({notifications.CustomerLimit}) must be 1 or more and CustomerWindow ({notifications.CustomerWindow}) positive.");
        }

        if (notifications.MaxAttempts is < 1 or > 100 || notifications.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"Hub:Notifications:MaxAttempts ({notifications.MaxAttempts}) must be 1 to 100 and RetryDelay ({notifications.RetryDelay}) positive.");
        }

        if (notifications.ClaimDuration < TimeSpan.FromSeconds(30) || notifications.ClaimDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"Hub:Notifications:ClaimDuration is {notifications.ClaimDuration}. Use 00:00:30 to 01:00:00, longer than a batch's slowest sending (the default 00:05:00 suits SMTP's 30 s timeouts); a node that dies holds its messages this long.");
        }
    }

    private static void AtLeastOne(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} is {value}. Use 1 or more.");
        }
    }
}
