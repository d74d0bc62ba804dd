using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.EndToEnd.Tests.Support;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// The service desk's journey, every part real: the demo plant's exports imported from the inbox, a machine
/// overheating over MQTT through mosquitto, the hub's rules, a ticket, e-mails through a real SMTP server (STARTTLS,
/// AUTH), and the desk acknowledging through its API.
/// </summary>
public abstract class AlarmToTicketJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : AlarmToTicketJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : AlarmToTicketJourneyTests(TestStore.PostgreSql);

    [Fact]
    public async Task OverheatingMachine_BecomesOneTicket_TheCustomerHearsFirst_AndTheDeskAcknowledges()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        File.Copy(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "rules", "machines.yaml"), Path.Combine(folder, "rules", "machines.yaml"));
        Directory.CreateDirectory(Path.Combine(folder, "notifications"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "notifications")))
        {
            File.Copy(file, Path.Combine(folder, "notifications", Path.GetFileName(file)));
        }

        await using var hub = await TestHub.StartInAsync(testStore, folder,
            "--Hub:Mqtt:Enabled=true", $"--Hub:Mqtt:Port={broker.Port}", "--Hub:Mqtt:ClientId=hub-e2e",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry", "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array", "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
            "--Hub:Rules:TickInterval=00:00:00.500",
            "--Hub:Notifications:Channels:mail:Kind=smtp", "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
            $"--Hub:Notifications:Channels:mail:Port={smtp.Port}", $"--Hub:Notifications:Channels:mail:CaFile={smtp.Certificates!.CaFile}",
            $"--Hub:Notifications:Channels:mail:UserName={smtp.UserName}", $"--Hub:Notifications:Channels:mail:Password={smtp.Password}",
            "--Hub:Notifications:Channels:mail:From=service@hub.test",
            "--Hub:Notifications:Customer:Channel=mail", "--Hub:Notifications:Desk:Channel=mail",
            "--Hub:Notifications:Desk:Recipients:0=desk@hub.test", "--Hub:Notifications:QualityLead:Channel=mail",
            "--Hub:Notifications:QualityLead:Recipients:0=quality@hub.test",
            "--Hub:Rules:Roster:0:Id=zhang.wei", "--Hub:Rules:Roster:0:Name=张伟", "--Hub:Rules:Roster:0:Region=华东", "--Hub:Rules:Roster:0:Skills:0=spindle");

        // The ERP's customer master and installed base arrive as the demo plant's exports.
        var exports = Path.Combine(folder, "exports");
        new DemoPlant.DemoPlantGenerator(7, DateTimeOffset.UtcNow).WriteAll(exports, 20);
        foreach (var file in new[] { "customers.csv", "equipment.csv" })
        {
            await hub.DropAsync(file, await File.ReadAllBytesAsync(Path.Combine(exports, file)));
        }

        await hub.WaitForInboxEmptyAsync();
        await WaitAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal), "MQTT connected");

        // C003's machine overheats: readings every 5 s for a minute, 95 °C and more, at QoS 1 through mosquitto.
        await OverheatingMachine.PublishAsync(broker.Port, "C003", "EQ-C003-01");

        var users = hub.Services.GetRequiredService<DeskUsers>();
        await users.SetAsync("agent", "agent-password-1", DeskRole.Agent, CancellationToken.None);
        using var desk = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = hub.Client.BaseAddress };
        desk.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        (await desk.PostAsJsonAsync("/api/desk/sign-in", new { userName = "agent", password = "agent-password-1" })).EnsureSuccessStatusCode();

        JsonElement ticket = default;
        await WaitAsync(async () =>
        {
            var items = (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets?status=Open")).GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 1)
            {
                ticket = items[0];
            }

            return items.Count == 1;
        }, "one open ticket");
        var t = ticket.GetProperty("ticket");
        Assert.Equal("EQ-C003-01", t.GetProperty("assetId").GetString());
        Assert.Equal("C003", t.GetProperty("customerCode").GetString());
        Assert.Equal("OVERHEAT", t.GetProperty("alarmCode").GetString());
        Assert.Equal("zhang.wei", t.GetProperty("assignee").GetString());
        Assert.Equal("on-track", ticket.GetProperty("slaState").GetString());

        var mails = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(20));
        var customer = Assert.Single(mails, m => m.RcptTo.Any(r => r.StartsWith("purchasing@", StringComparison.Ordinal)));
        Assert.Contains("EQ-C003-01", customer.Subject, StringComparison.Ordinal);
        Assert.Contains("张伟", customer.Body, StringComparison.Ordinal);
        Assert.Contains(mails, m => m.RcptTo.Contains("desk@hub.test"));

        var no = t.GetProperty("ticketNo").GetString();
        var ack = await desk.PostAsync($"/api/desk/tickets/{no}/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var after = await desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");
        Assert.Equal("Acknowledged", after.GetProperty("ticket").GetProperty("status").GetString());
        Assert.NotNull(after.GetProperty("ticket").GetProperty("respondedAt").GetString());
        // Twelve readings above the limit made one alarm: the customer was told once. Judged when all twelve are stored,
        // the rules stage has taken every queued reading and the outbox holds nothing unsent, so that a second mail
        // would have been sent by then (events, not a pause).
        await WaitAsync(async () =>
            await hub.CountAsync("SELECT count(*) FROM telemetry_readings WHERE asset_id = 'EQ-C003-01' AND metric = 'temperature'") >= 12
            && await hub.CountAsync("SELECT count(*) FROM rule_inputs") == 0
            && await hub.CountAsync("SELECT count(*) FROM outbox WHERE status = 'Pending'") == 0, "every reading evaluated and every message sent");
        Assert.Single(smtp.Messages(), m => m.RcptTo.Any(r => r.StartsWith("purchasing@", StringComparison.Ordinal)));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        // A hang guard, not a bound: a busy machine may take long, and the condition is what the test waits for.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            // The poll interval of a condition wait.
            await Task.Delay(100);
        }
    }
}
