using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// The ways a customer can be told of a milestone, from what the customer record has: mail, when it has an e-mail
/// address and the customer audience has a channel (<c>Hub:Notifications:Customer:Channel</c>); their chat robot, when
/// its <c>ChatRobot</c> names a chat-robot channel of <c>Hub:Notifications:Channels</c> that no audience uses (a
/// customer record cannot send a customer's orders to the desk's robot or to the mail relay).
/// </summary>
internal sealed class MilestoneChannels(HubOptions options)
{
    public const string Mail = "mail";
    public const string Chat = "chat";

    private readonly NotificationOptions _settings = options.Notifications;

    /// <summary>The choices this customer has, mail first.</summary>
    public IReadOnlyList<string> Available(Customer? customer)
    {
        var available = new List<string>(2);
        if (MailChannel(customer) is not null)
        {
            available.Add(Mail);
        }

        if (RobotChannel(customer) is not null)
        {
            available.Add(Chat);
        }

        return available;
    }

    /// <summary>
    /// The channel that carries a milestone to the customer: the one chosen when it is available, else the first
    /// available; null when the customer cannot be told at all.
    /// </summary>
    public (string Choice, string Channel)? Resolve(Customer? customer, MilestonePreferences preferences)
    {
        var available = Available(customer);
        var choice = preferences.Channel is { } chosen && available.Contains(chosen) ? chosen : available.FirstOrDefault();
        return choice switch
        {
            Mail => (Mail, MailChannel(customer)!),
            Chat => (Chat, RobotChannel(customer)!),
            _ => null,
        };
    }

    private string? MailChannel(Customer? customer) =>
        customer?.Email is { Length: > 0 } && _settings.Customer.Channel is { Length: > 0 } channel ? channel : null;

    private string? RobotChannel(Customer? customer)
    {
        if (customer?.ChatRobot is not { Length: > 0 } name
            || !_settings.Channels.TryGetValue(name, out var robot)
            || string.Equals(robot.Kind, "smtp", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var usedByAudience = Audiences.All.Any(a => string.Equals(HubNotifications.Audience(_settings, a).Channel, name, StringComparison.Ordinal));
        return usedByAudience ? null : name;
    }
}
