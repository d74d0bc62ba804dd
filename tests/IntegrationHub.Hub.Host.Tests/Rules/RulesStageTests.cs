using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// The rules stage in a real hub: readings stored as the telemetry adapter stores them, tickets, e-mail to a real SMTP
/// server; the whole alarm -> ticket -> outbox path on SQLite and on PostgreSQL (issue 17 item 3).
/// </summary>
public abstract class RulesStageTests(TestStore testStore)
{
    public sealed class OnSqlite() : RulesStageTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RulesStageTests(TestStore.PostgreSql);

    private const string OverheatRule = """
        rules:
          - id: overheat
            kind: threshold
            asset: "*"
            metric: temperature
            limit: 90
            deadband: 5
            raiseAfter: 00:00:30
            code: OVERHEAT
            severity: major
            text: { en: spindle overheating, zh-CN: 主轴温度过高 }
            flap: { threshold: 3, window: 01:00:00 }
        """;

    // Recent, so that no SLA target has passed (which would escalate the ticket and send one more mail).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task Overheat_OpensOneTicket_MailsCustomerAndDesk_AndAStormOnlyAddsOccurrences()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(10), 96), (T0.AddSeconds(31), 97));
        using var desk = await RulesHub.SignInAsync(hub);
        var ticket = await SingleTicketAsync(desk, "EQ-2");

        Assert.Equal("C002", ticket.GetProperty("customerCode").GetString());
        Assert.Equal("OVERHEAT", ticket.GetProperty("alarmCode").GetString());
        Assert.Equal("P1", ticket.GetProperty("priority").GetString());
        Assert.Equal("service-desk", ticket.GetProperty("queue").GetString());
        // Raised when the 30-second debounce ran out, not at the reading that noticed it.
        Assert.Equal(T0.AddSeconds(30), ticket.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal(T0.AddSeconds(30).AddHours(4), ticket.GetProperty("respondBy").GetDateTimeOffset());
        var mails = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(20));
        Assert.Equal(2, mails.Count);
        var customerMail = Assert.Single(mails, m => m.RcptTo.Contains("ops@acme.test"));
        Assert.Equal("We are on it: spindle overheating on your machine EQ-2", customerMail.Subject);
        Assert.Contains(mails, m => m.RcptTo.Contains("desk@hub.test") && m.Subject.StartsWith("[P1] T-2026-", StringComparison.Ordinal));

        // A storm: ten more raise/clear cycles. The open ticket counts them; nobody is mailed again.
        var t = T0.AddMinutes(1);
        for (var i = 0; i < 10; i++, t = t.AddMinutes(1))
        {
            await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (t, 70), (t.AddSeconds(1), 95), (t.AddSeconds(32), 96));
        }

        await RulesHub.WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"alarmsRaised\":11", StringComparison.Ordinal), "11 raises");
        var again = await SingleTicketAsync(desk, "EQ-2");
        Assert.Equal(ticket.GetProperty("ticketNo").GetString(), again.GetProperty("ticketNo").GetString());
        Assert.Equal(11, again.GetProperty("occurrences").GetInt32());
        // Nothing more, bounded by events: the stage's timers ran again after the storm and nothing is left to send.
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(2, smtp.Messages().Count);
    }

    [Fact]
    public async Task Restart_ResumesATenMinuteDebounce_AndNeverMailsTwice()
    {
        const string tenMinutes = """
            rules:
              - { id: slow-overheat, kind: threshold, metric: temperature, limit: 90, raiseAfter: "00:10:00", code: OVERHEAT, severity: major }
            """;
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = RulesHub.PrepareFolder(tenMinutes);
        await using (var first = await TestHub.StartInAsync(testStore, folder, RulesHub.Settings(smtp)))
        {
            first.KeepDataFolder = true;
            await RulesHub.SeedCustomersAsync(first);
            await RulesHub.ReadingsAsync(first, "EQ-2", "temperature", (T0, 95));
            await RulesHub.WaitForAsync(async () => (await first.Client.GetStringAsync("/health")).Contains("\"readingsEvaluated\":1", StringComparison.Ordinal), "the first reading evaluated");
        }

        await using (var second = await TestHub.StartInAsync(testStore, folder, RulesHub.Settings(smtp)))
        {
            second.KeepDataFolder = true;
            // Ten minutes and a second after the first reading: raised only if the pending debounce survived the restart.
            await RulesHub.ReadingsAsync(second, "EQ-2", "temperature", (T0.AddMinutes(10).AddSeconds(1), 96));
            using var desk = await RulesHub.SignInAsync(second);
            var ticket = await SingleTicketAsync(desk, "EQ-2");
            // Raised when the debounce that began before the restart ran out: a timer started again from zero would
            // not have raised at all.
            Assert.Equal(T0.AddMinutes(10), ticket.GetProperty("openedAt").GetDateTimeOffset());
            Assert.Equal(2, (await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(20))).Count);
        }

        await using var third = await TestHub.StartInAsync(testStore, folder, RulesHub.Settings(smtp));
        var outbox = await RulesHub.SettledAsync(third);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 2 }, outbox);
        Assert.Equal(2, smtp.Messages().Count);
    }

    [Fact]
    public async Task P0_AlertsTheQualityLead_HoldsTheCustomer_AndTheDeskWorksTheTicket()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        // tom is a roster engineer of another region: the supervisor hands him the ticket by hand (issue 16 item 25:
        // only known people are assignees).
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp, "--Hub:Rules:Roster:1:Id=tom", "--Hub:Rules:Roster:1:Region=华北"));
        await RulesHub.SeedCustomersAsync(hub);
        await RulesHub.ReadingsAsync(hub, "EQ-1", "temperature", (T0, 95), (T0.AddSeconds(31), 97));

        // Not signed in, or without the anti-forgery header: refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Client.GetAsync("/api/desk/tickets")).StatusCode);
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        var ticket = await SingleTicketAsync(agent, "EQ-1");
        var no = ticket.GetProperty("ticketNo").GetString()!;
        Assert.Equal("P0", ticket.GetProperty("priority").GetString());
        Assert.Equal("zhang.wei", ticket.GetProperty("assignee").GetString());
        var mails = await smtp.WaitForMessagesAsync(3, TimeSpan.FromSeconds(20));
        Assert.Contains(mails, m => m.RcptTo.Contains("quality@hub.test") && m.Subject.StartsWith("P0 质量警报", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.RcptTo.Contains("buyer@szjg.test") && m.Subject == "我们已在处理：您的设备 EQ-1 主轴温度过高");

        // A forged cross-site post carries the session cookie but cannot add the custom header.
        agent.DefaultRequestHeaders.Remove("X-Hub-Desk");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"/api/desk/tickets/{no}/acknowledge", null)).StatusCode);
        agent.DefaultRequestHeaders.Add("X-Hub-Desk", "1");

        var ack = await agent.PostAsync($"/api/desk/tickets/{no}/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acked = await ack.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Acknowledged", acked.GetProperty("ticket").GetProperty("status").GetString());
        // Responded: the SLA clock now runs toward resolution, 24 h after opening.
        Assert.Equal(T0.AddSeconds(30).AddHours(24), acked.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/desk/tickets/{no}/acknowledge", null)).StatusCode);

        // An agent may not hand the ticket to somebody else; a supervisor may, and the history says so.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "tom" })).StatusCode);
        using var supervisor = await RulesHub.SignInAsync(hub, "wang.sup", "supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "tom", reason = "spindle specialist" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/comment", new { text = "spare part ordered", @internal = true })).StatusCode);

        // Resolved while the alarm is still active: recorded as such; the customer's hold is released.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/resolve", new { note = "bearing replaced" })).StatusCode);
        var detail = await agent.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");
        var history = detail.GetProperty("history").EnumerateArray().Select(h => (Action: h.GetProperty("action").GetString(), Detail: h.GetProperty("detail").GetString()!)).ToList();
        Assert.Equal(["opened", "customer-hold", "acknowledged", "assigned", "comment", "resolved", "customer-hold-released"], history.Select(h => h.Action));
        Assert.Contains("from zhang.wei to tom by wang.sup. Reason: spindle specialist", history[3].Detail, StringComparison.Ordinal);
        Assert.Contains("the alarm is STILL ACTIVE", history[5].Detail, StringComparison.Ordinal);
        Assert.Equal("met", detail.GetProperty("slaState").GetString());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/desk/tickets/{no}/close", null)).StatusCode);
    }

    [Fact]
    public async Task AMailTheServerRefuses_IsDeadLettered_AndAnAdminCanReplayIt()
    {
        await using var smtp = await SmtpTestServer.StartAsync(failWith: "550 5.1.1 mailbox unavailable");
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        using var admin = await RulesHub.SignInAsync(hub, "root", "admin");

        JsonElement[] dead = [];
        await RulesHub.WaitForAsync(async () =>
        {
            dead = [.. (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Dead")).GetProperty("items").EnumerateArray()];
            return dead.Length == 2;
        }, "two dead-lettered mails: " + hub.Logs);
        Assert.All(dead, m => Assert.Contains("550", m.GetProperty("lastError").GetString(), StringComparison.Ordinal));

        using var agent = await RulesHub.SignInAsync(hub, "agent1", "agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/desk/outbox")).StatusCode);
        var id = dead[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/desk/outbox/{id}/replay", null)).StatusCode);
        await RulesHub.WaitForAsync(async () =>
        {
            var again = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Dead")).GetProperty("items").EnumerateArray().ToList();
            return again.Count == 2 && again.Any(m => m.GetProperty("id").GetString() == id && m.GetProperty("attempts").GetInt32() == 1 && m.GetProperty("sentAt").ValueKind == JsonValueKind.Null);
        }, "the replayed mail tried again and dead-lettered again");
    }

    [Fact]
    public async Task AWebhookThatFailsThreeTimes_GetsTheMessageOnTheFourthCall_AndOnlyOnce()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var receiver = await FlakyReceiver.StartAsync(failures: 3);
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp,
            "--Hub:Notifications:Channels:hook:Kind=webhook",
            $"--Hub:Notifications:Channels:hook:Url={receiver.Url}",
            "--Hub:Notifications:Desk:Channel=hook"));
        await RulesHub.SeedCustomersAsync(hub);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 97));

        await RulesHub.WaitForAsync(() => Task.FromResult(!receiver.Accepted.IsEmpty), "the webhook delivered");
        // No call after the one that succeeded: nothing is left pending in the outbox to retry.
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.False(outbox.ContainsKey("Dead"));
        Assert.Equal(4, receiver.Calls);
        var body = JsonDocument.Parse(Assert.Single(receiver.Accepted)).RootElement;
        Assert.StartsWith("[P1] T-2026-", body.GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissedResponseTarget_EscalatesToTheSupervisor_AndTellsTheDesk()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        var fiveHoursAgo = T0.AddHours(-5);

        // P1 (major alarm, standard customer): respond within 4 h, so the target passed an hour ago.
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (fiveHoursAgo, 95), (fiveHoursAgo.AddSeconds(31), 97));

        using var desk = await RulesHub.SignInAsync(hub);
        var ticket = await SingleTicketAsync(desk, "EQ-2");
        var no = ticket.GetProperty("ticketNo").GetString();
        JsonElement detail = default;
        await RulesHub.WaitForAsync(async () =>
        {
            detail = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");
            return detail.GetProperty("ticket").GetProperty("escalation").GetString() == "Supervisor";
        }, "the escalation");
        Assert.Equal("breached", detail.GetProperty("slaState").GetString());
        var escalated = detail.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("action").GetString() == "escalated");
        Assert.True(escalated.GetProperty("internal").GetBoolean());
        Assert.Contains("was missed by", escalated.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var mails = await smtp.WaitForMessagesAsync(3, TimeSpan.FromSeconds(20));
        Assert.Contains(mails, m => m.RcptTo.Contains("desk@hub.test") && m.Subject.StartsWith("工单升级至Supervisor", StringComparison.Ordinal));

        // The next ticks change nothing until the manager's turn (two hours later).
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 3 }, outbox);
        Assert.Equal(3, smtp.Messages().Count);
        detail = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");
        Assert.Single(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "escalated");
    }

    [Fact]
    public async Task BusinessHours_PushTheResponseTargetOfAWeekendAlarmToMonday()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp,
            "--Hub:Rules:BusinessHours:TimeZone=Asia/Shanghai", "--Hub:Rules:BusinessHours:Open=08:30:00", "--Hub:Rules:BusinessHours:Close=17:30:00"));
        await RulesHub.SeedCustomersAsync(hub);
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        while (day.DayOfWeek != DayOfWeek.Saturday)
        {
            day = day.AddDays(1);
        }

        // Saturday 10:00 in Shanghai: a P1 (respond within 4 business hours) is due Monday 12:30.
        var saturday = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (saturday, 95), (saturday.AddSeconds(31), 97));
        using var desk = await RulesHub.SignInAsync(hub);

        var ticket = await SingleTicketAsync(desk, "EQ-2");

        var due = TimeZoneInfo.ConvertTime(ticket.GetProperty("respondBy").GetDateTimeOffset(), shanghai);
        Assert.Equal(DayOfWeek.Monday, due.DayOfWeek);
        Assert.Equal(new TimeSpan(12, 30, 0), due.TimeOfDay);
    }

    [Fact]
    public async Task ACustomerOverTheLimit_IsNotMailedAgain_ButTheDeskIs()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp, "--Hub:Notifications:CustomerLimit=1"));
        await RulesHub.SeedCustomersAsync(hub);
        await hub.Services.GetRequiredService<IntegrationHub.Hub.Host.Store.IHubStore>().ApplyAsync(
            [new Crm.Core.Changes.CanonicalChange(new Crm.Core.Equipment.InstalledEquipment { AssetId = "EQ-3", CustomerCode = "C002" }, new Crm.Core.Changes.SourceStamp("erp", T0))],
            [], CancellationToken.None);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(20));
        await RulesHub.ReadingsAsync(hub, "EQ-3", "temperature", (T0, 95), (T0.AddSeconds(31), 97));

        await smtp.WaitForMessagesAsync(3, TimeSpan.FromSeconds(20));
        var outbox = await RulesHub.SettledAsync(hub);
        Assert.Equal(new Dictionary<string, long> { ["Sent"] = 3, ["Suppressed"] = 1 }, outbox);
        Assert.Equal(3, smtp.Messages().Count);
        Assert.Single(smtp.Messages(), m => m.RcptTo.Contains("ops@acme.test"));
        Assert.Equal(2, smtp.Messages().Count(m => m.RcptTo.Contains("desk@hub.test")));
        using var admin = await RulesHub.SignInAsync(hub, "root", "admin");
        var suppressed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Suppressed")).GetProperty("items").EnumerateArray());
        Assert.Contains("Hub:Notifications:CustomerLimit", suppressed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuietHours_HoldTheCustomersMessage_NotTheDesks()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var now = DateTime.UtcNow;
        // A quiet window from an hour ago to an hour ahead (UTC), whatever the time of the run.
        var quiet = $"{now.AddHours(-1):HH:mm}-{now.AddHours(1):HH:mm}";
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp,
            $"--Hub:Notifications:QuietHours={quiet}", "--Hub:Notifications:TimeZone=UTC"));
        await RulesHub.SeedCustomersAsync(hub);

        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 95), (T0.AddSeconds(31), 97));

        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Equal(["desk@hub.test"], mail.RcptTo);
        using var admin = await RulesHub.SignInAsync(hub, "root", "admin");
        JsonElement held = default;
        await RulesHub.WaitForAsync(async () =>
        {
            var pending = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Pending")).GetProperty("items").EnumerateArray().ToList();
            held = pending.FirstOrDefault(m => m.GetProperty("audience").GetString() == "customer");
            return held.ValueKind == JsonValueKind.Object && held.GetProperty("lastError").ValueKind == JsonValueKind.String;
        }, "the customer's message held");
        Assert.StartsWith("held for quiet hours until", held.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(held.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task ReadingsNoRuleWatches_AreStoredButNotQueuedForTheRules()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(OverheatRule), RulesHub.Settings(smtp));

        await RulesHub.ReadingsAsync(hub, "EQ-2", "vibration", (T0, 9), (T0.AddSeconds(1), 9), (T0.AddSeconds(2), 9));
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (T0, 60));

        await RulesHub.WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"readingsEvaluated\":1", StringComparison.Ordinal), "one reading evaluated");
        // A pass of the stage that began after all of them were stored has taken everything queued.
        await RulesHub.SettledAsync(hub);
        Assert.Equal(1, RulesHub.RulesCount(hub, "readingsEvaluated"));
    }

    private static async Task<JsonElement> SingleTicketAsync(HttpClient desk, string asset)
    {
        JsonElement[] items = [];
        await RulesHub.WaitForAsync(async () =>
        {
            items = [.. (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("ticket").GetProperty("assetId").GetString() == asset)];
            return items.Length > 0;
        }, $"a ticket for {asset}");
        return Assert.Single(items).GetProperty("ticket");
    }
}
