using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Tests.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Issue 24 item 4: a preventive maintenance ticket's notices read as a planned service visit (maintenance-due,
/// maintenance-done, English and Chinese), not as a detected fault; an alarm's ticket keeps the alarm wording; a
/// templates folder from before the maintenance templates keeps working with the ticket-* wording. Rendered from the
/// shipped templates (deploy/demo/notifications).
/// </summary>
public sealed class MaintenanceWordingTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
    private readonly string _folder = RulesHub.PrepareFolder("rules: []\n");
    private readonly ServiceProvider _http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly List<HubNotifications> _notifications = [];

    [Fact]
    public void Plan_MaintenanceTicketOpened_ChineseCustomerAndEnglishDeskGetThePlannedServiceWording()
    {
        var messages = Planner().Plan(NotificationEvents.TicketOpened, "T-1", Ticket("T-1", "maintenance:spindle-500h"), Customer("zh-CN"),
            "Spindle bearing service", null, "running_hours 512.5 reached 500", At);

        var customer = Assert.Single(messages, m => m.Audience == Audiences.Customer);
        Assert.Equal("maintenance-due/T-1/customer/mail", customer.EventKey);
        Assert.Equal("计划保养：您的设备 EQ-M1（Spindle bearing service）", customer.Subject);
        Assert.Contains("设备没有故障", customer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("检测到", customer.Body, StringComparison.Ordinal);
        var desk = Assert.Single(messages, m => m.Audience == Audiences.Desk);
        Assert.Equal("maintenance-due/T-1/desk/mail", desk.EventKey);
        Assert.StartsWith("[Maintenance] T-1 EQ-M1 Spindle bearing service", desk.Subject, StringComparison.Ordinal);
        Assert.Contains("Why now: running_hours 512.5 reached 500", desk.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Alarm", desk.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MaintenanceTicketResolved_EnglishCustomerIsToldTheServiceIsDone()
    {
        var messages = Planner().Plan(NotificationEvents.TicketResolved, "T-1", Ticket("T-1", "maintenance:spindle-500h"), Customer("en"),
            "Spindle bearing service", null, "bearings greased", At, alarmCleared: true);

        var customer = Assert.Single(messages, m => m.Audience == Audiences.Customer);
        Assert.Equal("maintenance-done/T-1/customer/mail", customer.EventKey);
        Assert.Equal("Planned service done: EQ-M1 (ticket T-1)", customer.Subject);
        Assert.DoesNotContain("alarm", customer.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Plan_AlarmTicketOpened_KeepsTheAlarmWording()
    {
        var messages = Planner().Plan(NotificationEvents.TicketOpened, "T-2", Ticket("T-2", "overheat"), Customer("en"), "overheating", null, "92 > 90", At);

        var customer = Assert.Single(messages, m => m.Audience == Audiences.Customer);
        Assert.Equal("ticket-opened/T-2/customer/mail", customer.EventKey);
        Assert.Contains("our monitoring detected overheating", customer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FolderWithoutMaintenanceTemplates_FallsBackToTheTicketWording()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(_folder, "notifications"), "maintenance-*.hbs"))
        {
            File.Delete(file);
        }

        var messages = Planner().Plan(NotificationEvents.TicketOpened, "T-3", Ticket("T-3", "maintenance:lube-30d"), Customer("en"), "Lubrication", null, "30 days", At);

        Assert.All(messages, m => Assert.StartsWith("ticket-opened/T-3/", m.EventKey, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _notifications.ForEach(n => n.Dispose());
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private NotificationPlanner Planner()
    {
        var options = new HubOptions
        {
            DataFolder = _folder,
            Notifications = new NotificationOptions
            {
                Channels = new() { ["mail"] = new ChannelSettings { Kind = "smtp", Host = "127.0.0.1", Port = 25, From = "service@hub.test" } },
                Customer = new AudienceOptions { Channel = "mail" },
                Desk = new AudienceOptions { Channel = "mail", Recipients = ["desk@hub.test"], Language = "en" },
            },
        };
        var notifications = new HubNotifications(options, _http.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, NullLoggerFactory.Instance);
        _notifications.Add(notifications);
        Assert.NotNull(notifications.Templates);
        return new NotificationPlanner(notifications, options, TimeProvider.System);
    }

    private static ServiceTicket Ticket(string ticketNo, string code) => new()
    {
        TicketNo = ticketNo,
        AssetId = "EQ-M1",
        CustomerCode = "C001",
        AlarmCode = code,
        Priority = TicketPriority.P1,
        OpenedAt = At,
    };

    private static Customer Customer(string language) => new() { Code = "C001", Name = "Suzhou Jingong", Language = language, Email = "buyer@szjg.test" };
}
