using System.Globalization;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Field;

/// <summary>
/// One hub per test class and store for the phone page's API: engineer zhang.wei (desk user of the same name, sees the
/// queue service-desk), engineer li.na (desk user lina, through Hub:Rules:Roster:1:DeskUser), an agent, and an
/// engineer-role desk user who is on no roster; customer C7 with machine EQ-7 (model, serial, installation date, a
/// reading). Tests make their own tickets (<see cref="NewTicketAsync"/>), so that they do not meet each other's.
/// </summary>
public abstract class FieldHub(TestStore store) : IAsyncLifetime
{
    public const string Password = "field-password-123";
    public const string Asset = "EQ-7";
    public static readonly DateTimeOffset InstalledAt = new(2024, 3, 15, 0, 0, 0, TimeSpan.Zero);

    private static int _tickets;
    private TestHub? _hub;

    internal TestHub Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    internal HttpClient Zhang { get; private set; } = null!;

    /// <summary>Zhang's session cookie as a Cookie header value, for requests made without the desk's CSRF header.</summary>
    internal string ZhangCookie { get; private set; } = string.Empty;

    internal HttpClient Lina { get; private set; } = null!;

    internal HttpClient Agent { get; private set; } = null!;

    /// <summary>Engineer wang.fang, who sees the queue service-desk as zhang.wei does (two engineers racing for one ticket).</summary>
    internal HttpClient Wang { get; private set; } = null!;

    internal HttpClient Ghost { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync(store,
            "--Hub:Rules:Roster:0:Id=zhang.wei", "--Hub:Rules:Roster:0:Name=Zhang Wei", "--Hub:Rules:Roster:0:Region=East",
            "--Hub:Rules:Roster:0:Queues:0=service-desk",
            "--Hub:Rules:Roster:1:Id=li.na", "--Hub:Rules:Roster:1:Region=East", "--Hub:Rules:Roster:1:DeskUser=lina",
            "--Hub:Rules:Roster:2:Id=wang.fang", "--Hub:Rules:Roster:2:Region=East", "--Hub:Rules:Roster:2:Queues:0=service-desk");
        var stamp = new SourceStamp("erp", DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        var store1 = _hub.Services.GetRequiredService<IHubStore>();
        await store1.ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C7", Name = "Acme Packaging GmbH", Region = "East" }, stamp),
            new CanonicalChange(new InstalledEquipment { AssetId = Asset, CustomerCode = "C7", Model = "VMC-850", SerialNo = "SN-0042", Site = "Hall 2", InstalledAt = InstalledAt }, stamp),
        ], [], CancellationToken.None);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store1.ApplyAsync(
            [new CanonicalChange(new AssetMetric { AssetId = Asset, Metric = "temperature", Value = 87.5m, Unit = "°C", Timestamp = at }, new SourceStamp("plant-telemetry", at))],
            [], CancellationToken.None);
        (Zhang, ZhangCookie) = await TestDeskSignIn.SignInAsync(_hub, "zhang.wei", Password, DeskRole.Engineer);
        Lina = (await TestDeskSignIn.SignInAsync(_hub, "lina", Password, DeskRole.Engineer)).Client;
        Agent = (await TestDeskSignIn.SignInAsync(_hub, "agent", Password, DeskRole.Agent)).Client;
        Wang = (await TestDeskSignIn.SignInAsync(_hub, "wang.fang", Password, DeskRole.Engineer)).Client;
        Ghost = (await TestDeskSignIn.SignInAsync(_hub, "ghost", Password, DeskRole.Engineer)).Client;
    }

    /// <summary>
    /// A new open ticket on <see cref="Asset"/> (its own alarm code, so that it never meets another open ticket's key),
    /// assigned to <paramref name="assignee"/> or waiting in <paramref name="queue"/>, due for response in
    /// <paramref name="respondIn"/>.
    /// </summary>
    internal async Task<string> NewTicketAsync(string? assignee, string? queue, TimeSpan respondIn, TicketStatus status = TicketStatus.Open)
    {
        var n = Interlocked.Increment(ref _tickets);
        var now = DateTimeOffset.UtcNow;
        var ticket = new ServiceTicket
        {
            TicketNo = string.Create(CultureInfo.InvariantCulture, $"T-F-{n:D5}"),
            AssetId = Asset,
            CustomerCode = "C7",
            AlarmCode = string.Create(CultureInfo.InvariantCulture, $"FIELD-{n}"),
            Priority = TicketPriority.P1,
            Status = status,
            Assignee = assignee,
            Queue = queue,
            OpenedAt = now.AddMinutes(-10),
            RespondBy = now + respondIn,
            ResolveBy = now + respondIn + TimeSpan.FromHours(20),
        };
        await using var tx = await Hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
        await tx.SaveTicketAsync(ticket, now, CancellationToken.None);
        await tx.AddHistoryAsync(ticket.TicketNo, ticket.OpenedAt, "rules", "opened", "Opened for the field tests.", false, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return ticket.TicketNo;
    }

    /// <summary>Raises an alarm on <see cref="Asset"/> that does not clear, linked to <paramref name="ticketNo"/>.</summary>
    internal async Task RaiseAlarmAsync(string code, string ticketNo)
    {
        await using var tx = await Hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
        await tx.InsertAlarmAsync(new AlarmTransition
        {
            Kind = AlarmTransitionKind.Raised, RuleId = "field-test", AssetId = Asset, Metric = "temperature", Code = code,
            Severity = AlarmSeverity.Major, At = DateTimeOffset.UtcNow.AddMinutes(-3), Reason = "temperature 87.5 > 85", TextEn = "Spindle too hot",
        }, ticketNo, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Zhang, Lina, Agent, Ghost, Wang })
        {
            client?.Dispose();
        }

        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    public sealed class OnSqlite() : FieldHub(TestStore.Sqlite);

    public sealed class OnPostgreSql() : FieldHub(TestStore.PostgreSql);
}
