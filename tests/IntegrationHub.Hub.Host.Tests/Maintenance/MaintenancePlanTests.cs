using System.Text.Json;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;
using static IntegrationHub.Hub.Host.Tests.Maintenance.MaintenancePlanHub;

namespace IntegrationHub.Hub.Host.Tests.Maintenance;

/// <summary>
/// Issue 24 item 4 on both stores: a maintenance plan fires once from a running-hours counter published by the machine
/// over a real broker, across a hub restart; the next interval opens a new ticket; concurrent passes open one ticket;
/// the customer's portal shows the next due maintenance.
/// </summary>
public abstract class MaintenancePlanTests(TestStore testStore)
{
    private const string Plans = "plans:\n" + SpindlePlan + "  - id: ghost\n    model: NO-SUCH-MODEL\n    every: every 30 days\n";

    public sealed class OnSqlite() : MaintenancePlanTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MaintenancePlanTests(TestStore.PostgreSql);

    [Fact]
    public async Task RunningHoursPlan_FiresOncePerInterval_AcrossAHubRestart()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = PrepareFolder(Plans);
        var settings = Settings(smtp, broker);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
        var hub = await TestHub.StartInAsync(testStore, folder, settings);
        hub.KeepDataFolder = true;
        try
        {
            // EQ-M1 publishes its counter; EQ-M2, of the same model, never does.
            await SeedMachinesAsync(hub, ("EQ-M1", "C001", 100), ("EQ-M2", "C002", 100));
            await PublishCounterAsync(hub, broker, "EQ-M1", "480", t0);
            Assert.Equal(0, (await PassAsync(hub)).Opened);
            Assert.Empty(await TicketsAsync(hub, "spindle-500h"));

            await PublishCounterAsync(hub, broker, "EQ-M1", "512.5", t0.AddSeconds(10));
            await PassAsync(hub);
            await PassAsync(hub);
            var first = Assert.Single(await TicketsAsync(hub, "spindle-500h"));
            Assert.Equal("EQ-M1", first.AssetId);
            Assert.Equal("C001", first.CustomerCode);
            Assert.Equal(Crm.Core.Tickets.TicketPriority.P1, first.Priority);
            Assert.NotNull(first.ResolveBy);

            // A counter value that is not a number is the mapping's dead letter; the plan goes on from 512.5.
            await using (var device = new Adapters.Mqtt.Client.MqttClient(new Adapters.Mqtt.Client.MqttClientOptions { Port = broker.Port, ClientId = "device-bad" }, (_, _) => ValueTask.CompletedTask))
            {
                await device.ConnectAsync();
                await device.PublishAsync(new Adapters.Mqtt.Client.MqttApplicationMessage("plant/suzhou/EQ-M1/telemetry",
                    System.Text.Encoding.UTF8.GetBytes($$"""{"ts":"{{t0.AddSeconds(20).UtcDateTime:yyyy-MM-ddTHH:mm:ss}}Z","readings":[{"metric":"running_hours","value":"lots"}]}""")));
            }

            var store = hub.Services.GetRequiredService<IHubStore>();
            await WaitFor.ConditionAsync(async () => (await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None)).Count == 1, "the non-numeric counter reading dead-lettered");
            await PassAsync(hub);
            Assert.Single(await TicketsAsync(hub, "spindle-500h"));
            Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM maintenance_intervals WHERE plan_id = 'spindle-500h' AND asset_id = 'EQ-M1' AND interval_no = 500"));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2334 && e.Message.Contains("ghost", StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2333 && e.Message.Contains("EQ-M2", StringComparison.Ordinal) && e.Message.Contains("'running_hours'", StringComparison.Ordinal));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 2330 && e.Message.Contains("interval 1 ticketed", StringComparison.Ordinal));

            // A new hub on the same store: the interval is not ticketed again. The first ticket's mail is sent before the
            // stop: a mail in flight at a stop is sent again by the next hub (the outbox delivers at least once), which
            // is not what this test counts.
            await RulesHub.WaitForAsync(async () => !(await RulesHub.OutboxCountsAsync(hub)).ContainsKey("Pending"), "the first ticket's mail sent before the restart");
            await hub.DisposeAsync();
            hub = await TestHub.StartInAsync(testStore, folder, settings);
            hub.KeepDataFolder = true;
            await PassAsync(hub);
            Assert.Equal(first.TicketNo, Assert.Single(await TicketsAsync(hub, "spindle-500h")).TicketNo);

            // The engineer serviced the machine; at 1,000 running hours the next interval opens a new ticket.
            await ResolveAsync(hub, first.TicketNo);
            await PublishCounterAsync(hub, broker, "EQ-M1", "1003", t0.AddSeconds(30));
            Assert.Equal(1, (await PassAsync(hub)).Opened);
            await PassAsync(hub);
            var tickets = await TicketsAsync(hub, "spindle-500h");
            Assert.Equal(2, tickets.Count);
            Assert.Single(tickets, t => t.IsOpen);
            Assert.Equal(2, await hub.CountAsync("SELECT count(*) FROM maintenance_intervals WHERE plan_id = 'spindle-500h'"));
            // Each ticket's opening was notified once, through the outbox, as an alarm's is.
            // The outbox row turns Sent when the server accepted the mail, which may be before this test's view of the
            // server's mailbox has it: wait for the mails themselves, then count them.
            await RulesHub.WaitForAsync(async () => !(await RulesHub.OutboxCountsAsync(hub)).ContainsKey("Pending"), "the outbox drained");
            await WaitFor.ConditionAsync(
                () => Task.FromResult(smtp.Messages().Count(m => m.Body.Contains("Spindle bearing service", StringComparison.Ordinal) && m.RcptTo.Contains("buyer@szjg.test")) >= tickets.Count),
                "a mail to the customer for each maintenance ticket");
            Assert.Equal(tickets.Count, smtp.Messages().Count(m => m.Body.Contains("Spindle bearing service", StringComparison.Ordinal) && m.RcptTo.Contains("buyer@szjg.test")));
            // Surveys on: the serviced ticket's survey invitation went out too, beside the maintenance notices (a service
            // message does not count against Hub:Notifications:CustomerLimit), and nothing was suppressed.
            Assert.Equal(1, await hub.CountAsync($"SELECT count(*) FROM outbox WHERE event_key LIKE 'survey-invitation/{first.TicketNo}/%' AND status = 'Sent'"));
            Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Suppressed'"));

            await AssertPortalAsync(hub);
        }
        finally
        {
            hub.KeepDataFolder = false;
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task CalendarPlan_ConcurrentPasses_OpenOneTicket_ForAMachineInstalledLongAgo()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, PrepareFolder("""
            plans:
              - { id: lube-30d, model: VMC-850, every: every 30 days, title: Lubrication }
            """), Settings(smtp, broker));
        // Installed 1,000 days ago: 33 intervals have ended; one ticket, not 33.
        await SeedMachinesAsync(hub, ("EQ-OLD", "C002", 1_000));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PassAsync(hub))));

        Assert.Equal(1, results.Sum(r => r.Opened));
        var ticket = Assert.Single(await TicketsAsync(hub, "lube-30d"));
        Assert.Equal("EQ-OLD", ticket.AssetId);
        // The key is the interval's due point (its end date in Unix seconds, since session 25), one row for the 33rd.
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM maintenance_intervals WHERE plan_id = 'lube-30d' AND interval_no > 1000000000"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM maintenance_intervals WHERE plan_id = 'lube-30d'"));
        Assert.Equal(1, await hub.CountAsync($"SELECT count(*) FROM ticket_history WHERE ticket_no = '{ticket.TicketNo}' AND action = 'opened'"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM alarms WHERE rule_id = 'maintenance:lube-30d' AND cleared_at IS NULL"));
        Assert.Equal(0, (await PassAsync(hub)).Opened);
    }

    private static async Task ResolveAsync(TestHub hub, string ticketNo)
    {
        await using var tx = await hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
        var result = await hub.Services.GetRequiredService<TicketWorkflow>().ResolveAsync(tx, ticketNo, "serviced", "engineer", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Null(result.Error);
        await tx.CommitAsync(CancellationToken.None);
    }

    private static async Task AssertPortalAsync(TestHub hub)
    {
        // C001's machine: 1,003 running hours in about 100 days, so 497 hours left and an estimated date; C002's
        // machine never sent its counter: no date yet.
        using var page = JsonDocument.Parse(await (await hub.Client.SendAsync(hub.Get("/api/portal/equipment", await hub.IssueTokenAsync("C001")))).Content.ReadAsStringAsync());
        var machine = Assert.Single(page.RootElement.EnumerateArray(), m => m.GetProperty("assetId").GetString() == "EQ-M1");
        var next = Assert.Single(machine.GetProperty("maintenance").EnumerateArray());
        Assert.Equal("spindle-500h", next.GetProperty("plan").GetString());
        Assert.Equal("Spindle bearing service", next.GetProperty("title").GetString());
        Assert.True(next.GetProperty("known").GetBoolean());
        Assert.Equal(497, next.GetProperty("hoursLeft").GetDouble());
        Assert.True(next.GetProperty("dueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(30));

        using var other = JsonDocument.Parse(await (await hub.Client.SendAsync(hub.Get("/api/portal/equipment", await hub.IssueTokenAsync("C002")))).Content.ReadAsStringAsync());
        var silent = Assert.Single(other.RootElement.EnumerateArray(), m => m.GetProperty("assetId").GetString() == "EQ-M2");
        Assert.False(Assert.Single(silent.GetProperty("maintenance").EnumerateArray()).GetProperty("known").GetBoolean());
    }
}
