using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 16 item 2 through the outbox: a customer whose stored address smuggles a second SMTP envelope (as stored
/// before the mappings checked addresses) opens a ticket. The customer's mail is dead-lettered with the reason and
/// never reaches the relay; the desk's mail about the same ticket goes out.
/// </summary>
public abstract class HostileRecipientOutboxTests(TestStore testStore)
{
    public sealed class OnSqlite() : HostileRecipientOutboxTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : HostileRecipientOutboxTests(TestStore.PostgreSql);

    private const string Smuggled = "buyer@c003.example>\r\nRSET\r\nMAIL FROM:<ceo@corp.example>\r\nRCPT TO:<evil@x.example>\r\nDATA\r\n"
        + "From: ceo@corp.example\r\nSubject: urgent payment\r\n\r\nPay invoice 4711 today.\r\n.\r\nRSET\r\nMAIL FROM:<service@hub.test>\r\nRCPT TO:<buyer@c003.example";


    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task TicketOpened_CustomerAddressWithCrLf_IsDeadLetteredAndNothingForgedIsSent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));
        var stamp = new SourceStamp("erp", T0.AddDays(-1));
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C003", Name = "Hostile Mail Ltd.", Tier = CustomerTier.Standard, Region = "华东", Email = Smuggled, Language = "en" }, stamp),
            new CanonicalChange(new InstalledEquipment { AssetId = "EQ-9", CustomerCode = "C003" }, stamp),
        ], [], CancellationToken.None);

        await RulesHub.ReadingsAsync(hub, "EQ-9", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        using var admin = await RulesHub.SignInAsync(hub, "root", "admin");

        JsonElement dead = default;
        await RulesHub.WaitForAsync(async () =>
        {
            var items = (await admin.GetFromJsonAsync<JsonElement>("/api/desk/outbox?status=Dead")).GetProperty("items").EnumerateArray().ToList();
            dead = items.FirstOrDefault(m => m.GetProperty("audience").GetString() == "customer");
            return dead.ValueKind == JsonValueKind.Object;
        }, "the customer's mail dead-lettered", TimeSpan.FromSeconds(120));
        await RulesHub.WaitForAsync(() => Task.FromResult(smtp.Messages().Any(m => m.RcptTo.Contains("desk@hub.test"))), "the desk's mail about the ticket", TimeSpan.FromSeconds(120));

        Assert.DoesNotContain(smtp.Messages(), m => m.RcptTo.Contains("evil@x.example") || m.MailFrom == "ceo@corp.example" || m.RcptTo.Any(r => r.Contains("c003", StringComparison.Ordinal)));
        var error = dead.GetProperty("lastError").GetString();
        Assert.Contains("refused the message: recipient 1", error, StringComparison.Ordinal);
        Assert.Contains("control character CR", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2210);
    }
}
