using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Customers.SelfService;

/// <summary>
/// Customers keep their own data (issue 23 item 3), on both stores: a change proposed on the portal is normalised and
/// pending, changes nothing until a supervisor approves it, and then updates the customer master, reaches the CRM's
/// webhook and the ERP's folder (GB18030) once; a change whose record moved meanwhile is refused to the desk, rejected
/// with a reason the customer sees; and an ERP re-import keeps what was approved.
/// </summary>
public abstract class SelfServiceFlowTests(SelfServiceHub fixture)
{
    public sealed class OnSqlite(SelfServiceHub.OnSqlite hub) : SelfServiceFlowTests(hub), IClassFixture<SelfServiceHub.OnSqlite>;

    public sealed class OnPostgreSql(SelfServiceHub.OnPostgreSql hub) : SelfServiceFlowTests(hub), IClassFixture<SelfServiceHub.OnPostgreSql>;

    private static readonly DateTimeOffset ErpVersion = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ContactEdit_PendingUntilApproved_ThenMasterCrmAndErpFileOnce_HistoryShownToBoth()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S01-1", CustomerCode = "S01", Name = "Li Lei", Phone = "021 6234 5678", Email = "li@old.test", Role = "Buyer" });
        using var portal = await fixture.PortalAsync("S01");

        using var proposed = await SelfServiceHub.ProposeAsync(portal, new
        {
            subject = "contact", action = "edit", id = "S01-1",
            values = new { phone = "+86 138-0013-8000", email = "mailto:ＬＩ＠Example.CN" },
        });

        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var change = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        var changeId = change.GetProperty("changeId").GetString()!;
        Assert.Equal("pending", change.GetProperty("status").GetString());
        Assert.Equal("+86 13800138000", change.GetProperty("new").GetProperty("phone").GetString());
        Assert.Equal("LI@example.cn", change.GetProperty("new").GetProperty("email").GetString());
        Assert.Equal("Li Lei", change.GetProperty("new").GetProperty("name").GetString());
        Assert.Equal("021 6234 5678", change.GetProperty("old").GetProperty("phone").GetString());

        // Nothing applied before approval: the portal lists the contact as on record, and the change as pending.
        var before = await SelfServiceHub.ProfileAsync(portal);
        Assert.Equal("021 6234 5678", Assert.Single(before.GetProperty("contacts").EnumerateArray()).GetProperty("phone").GetString());
        Assert.Equal("pending", Assert.Single(before.GetProperty("changes").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'customers:erp' AND subject LIKE '%customer S01)'"));

        // Agents do not decide customer data; supervisors do.
        using var agent = await fixture.DeskAsync("agent-s01", DeskRole.Agent);
        using var forbidden = await SelfServiceHub.DecideAsync(agent, changeId, "approve");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var supervisor = await fixture.DeskAsync("sup-s01");
        var listed = await supervisor.GetFromJsonAsync<JsonElement>("/api/desk/customer-changes?customer=S01");
        Assert.Equal(changeId, Assert.Single(listed.EnumerateArray()).GetProperty("changeId").GetString());

        using var approved = await SelfServiceHub.DecideAsync(supervisor, changeId, "approve");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var contact = await fixture.Hub.Services.GetRequiredService<ICustomerChangeStore>().ContactAsync("S01-1", CancellationToken.None);
        Assert.Equal(("+86 13800138000", "LI@example.cn", "Li Lei"), (contact!.Phone, contact.Email, contact.Name));
        var file = Path.Combine(fixture.ExportFolder, $"customer-change-{changeId}.csv");
        await WaitFor.ConditionAsync(() => File.Exists(file), "the change's file in the ERP's folder: " + fixture.Hub.Logs);
        var rows = ExportEncodings.Find("gb18030")!.GetString(await File.ReadAllBytesAsync(file)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("change_id,customer_code,subject,action,id,field,old_value,new_value,approved_by,approved_at", rows[0]);
        Assert.Equal(5, rows.Length);
        // A cell that starts with '+' is guarded like a formula (the export folder's rule): the ERP reads it as text.
        Assert.StartsWith($"{changeId},S01,contact,edit,S01-1,phone,021 6234 5678,'+86 13800138000,sup-s01,", rows[2], StringComparison.Ordinal);
        await WaitFor.ConditionAsync(
            () => fixture.Crm.Accepted("/ok").Any(b => b.GetProperty("kind").GetString() == "Contact" && b.GetProperty("key").GetString() == "S01-1"
                && b.GetProperty("entity").GetProperty("phone").GetString() == "+86 13800138000"),
            "the approved contact at the CRM's webhook");

        // A second approval (a double click, a replay) applies nothing again.
        using var again = await SelfServiceHub.DecideAsync(supervisor, changeId, "approve");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already_decided", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'customers:erp' AND subject LIKE '%customer S01)'"));

        var after = await SelfServiceHub.ProfileAsync(portal);
        Assert.Equal("+86 13800138000", Assert.Single(after.GetProperty("contacts").EnumerateArray()).GetProperty("phone").GetString());
        var decided = Assert.Single(after.GetProperty("changes").EnumerateArray());
        Assert.Equal(("approved", "sup-s01"), (decided.GetProperty("status").GetString(), decided.GetProperty("decidedBy").GetString()));
        Assert.StartsWith("customer S01 (portal token ", decided.GetProperty("proposedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailTypo_OfferedNotApplied_RefusedUntilConfirmed_CheckStoresNothing()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S02-1", CustomerCode = "S02", Name = "Wang Fang" });
        using var portal = await fixture.PortalAsync("S02");
        var body = new { subject = "contact", action = "edit", id = "S02-1", values = new { email = "wang@qq.con" } };

        using var hinted = await SelfServiceHub.ProposeAsync(portal, body);
        using var check = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "edit", id = "S02-1", values = new { email = "wang@qq.con" }, check = true });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, hinted.StatusCode);
        var answer = await hinted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wang@qq.com", answer.GetProperty("suggestions").GetProperty("email").GetString());
        Assert.Equal("wang@qq.con", answer.GetProperty("values").GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal("wang@qq.com", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suggestions").GetProperty("email").GetString());
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S02'"));

        using var confirmed = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "edit", id = "S02-1", values = new { email = "wang@qq.con" }, confirmHints = true });
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        var change = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wang@qq.con", change.GetProperty("new").GetProperty("email").GetString());
        Assert.Contains("did you mean 'wang@qq.com'", Assert.Single(change.GetProperty("hints").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_RecordChangedUnderneath_DeskToldWhatDiffers_NothingOverwritten_RejectionReasonShownToCustomer()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S06-1", CustomerCode = "S06", Name = "Zhao Min", Phone = "13900000001" });
        using var portal = await fixture.PortalAsync("S06");
        using var proposed = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "edit", id = "S06-1", values = new { role = "Plant manager" } });
        var changeId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetString()!;
        // The ERP imports a newer version of the contact before the desk decides.
        await fixture.ImportContactsAsync(ErpVersion.AddDays(1), new Contact { ContactId = "S06-1", CustomerCode = "S06", Name = "Zhao Min", Phone = "13900000002" });
        using var desk = await fixture.DeskAsync("sup-s06");

        using var stale = await SelfServiceHub.DecideAsync(desk, changeId, "approve");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var error = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("stale", error.GetProperty("error").GetString());
        Assert.Contains("phone: '13900000001' when proposed, now '13900000002'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var contact = await fixture.Hub.Services.GetRequiredService<ICustomerChangeStore>().ContactAsync("S06-1", CancellationToken.None);
        Assert.Equal(("13900000002", (string?)null), (contact!.Phone, contact.Role));
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S06' AND status = 'pending'"));
        Assert.Contains(fixture.Hub.Logs.Entries, e => e.EventId == 2374);

        using var noReason = await SelfServiceHub.DecideAsync(desk, changeId, "reject");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var rejected = await SelfServiceHub.DecideAsync(desk, changeId, "reject", "The ERP has a newer phone; please check and propose again.");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        var shown = Assert.Single((await SelfServiceHub.ProfileAsync(portal)).GetProperty("changes").EnumerateArray());
        Assert.Equal(("rejected", "The ERP has a newer phone; please check and propose again."), (shown.GetProperty("status").GetString(), shown.GetProperty("reason").GetString()));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM outbox WHERE channel = 'customers:erp' AND event_key LIKE '%" + changeId + "%'"));
    }

    [Fact]
    public async Task PlansAndAddress_Approved_KeptThroughErpReimport_ApprovedContactFieldKeptUntilTheErpChangesIt()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S08-1", CustomerCode = "S08", Name = "Sun Li", Phone = "+86 13900000008" });
        using var portal = await fixture.PortalAsync("S08");
        using var desk = await fixture.DeskAsync("sup-s08");
        string[] bodies =
        [
            JsonSerializer.Serialize(new { subject = "plans", action = "edit", values = new { plans = "Second line from March 2026;\nshutdown 1-7 Feb." } }),
            JsonSerializer.Serialize(new { subject = "address", action = "add", values = new { label = "Plant 2", recipient = "Gate B", phone = "0512-6666 8888", address = "苏州工业园区 星湖街 88 号" } }),
            JsonSerializer.Serialize(new { subject = "contact", action = "edit", id = "S08-1", values = new { phone = "13900000009" } }),
        ];
        foreach (var body in bodies)
        {
            using var proposed = await portal.PostAsync("/api/portal/profile/changes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
            using var approved = await SelfServiceHub.DecideAsync(desk, (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetString()!, "approve");
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // The ERP exports the customer and the contact again, newer, without plans or addresses and with the old phone.
        await fixture.ImportCustomerAsync(new Customer { Code = "S08", Name = "Plans And Places Ltd (renamed)", Email = "s08@cust.test" }, DateTimeOffset.UtcNow.AddDays(1));
        await fixture.ImportContactsAsync(DateTimeOffset.UtcNow.AddDays(1), new Contact { ContactId = "S08-1", CustomerCode = "S08", Name = "Sun Li", Phone = "+86 13900000008", Role = "Buyer" });

        var profile = await SelfServiceHub.ProfileAsync(portal);
        Assert.Equal("Plans And Places Ltd (renamed)", profile.GetProperty("name").GetString());
        Assert.Equal("Second line from March 2026;\nshutdown 1-7 Feb.", profile.GetProperty("plans").GetString());
        var address = Assert.Single(profile.GetProperty("addresses").EnumerateArray());
        Assert.Equal(("+86 512 66668888", "苏州工业园区 星湖街 88 号"), (address.GetProperty("phone").GetString(), address.GetProperty("address").GetString()));
        var contact = Assert.Single(profile.GetProperty("contacts").EnumerateArray());
        Assert.Equal(("+86 13900000009", "Buyer"), (contact.GetProperty("phone").GetString(), contact.GetProperty("role").GetString()));

        // The ERP then changes the phone itself: its newer word wins.
        await fixture.ImportContactsAsync(DateTimeOffset.UtcNow.AddDays(2), new Contact { ContactId = "S08-1", CustomerCode = "S08", Name = "Sun Li", Phone = "+86 13900000010", Role = "Buyer" });
        Assert.Equal("+86 13900000010", Assert.Single((await SelfServiceHub.ProfileAsync(portal)).GetProperty("contacts").EnumerateArray()).GetProperty("phone").GetString());
    }
}
