using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>
/// Issue 23 item 6: the data-quality report on the desk's admin API, for admins only, with the duplicate pairs and the
/// invalid values of customers imported through the demo mapping (Address and Notes from a CRM export).
/// </summary>
public abstract class AdminQualityTests(TestStore testStore)
{
    public sealed class OnSqlite() : AdminQualityTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : AdminQualityTests(TestStore.PostgreSql);

    private const string Password = "desk-password-123";

    // A CRM export beside the ERP's: C001 again with one character mistyped and the same number in another spelling,
    // a sister company on the same switchboard, a name that is markup, and numbers that are not numbers.
    private const string CrmExport = """
        CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt,Address,Notes
        K-001,苏州精功机械有限公司,Standard,华东,,0512-60001000,zh-CN,2025-10-02 08:00:00,江苏省苏州市工业园区星湖街328号,月结60天
        K-002,苏州精工电子有限公司,Standard,华东,,0512 6000 1000,zh-CN,2025-10-02 08:00:00,,
        K-003,"<img src=x onerror=alert(1)>有限公司",Standard,华东,buyer@qq.con,电话待补,zh-CN,2025-10-02 08:00:00,,

        """;

    [Fact]
    public async Task Quality_ForAnAdmin_ListsTheDuplicatePairAndTheInvalidValues()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        await hub.DropAsync("customers-crm.csv", CrmExport);
        await hub.WaitForInboxEmptyAsync();
        var admin = await SignInAsync(hub, "ann", DeskRole.Admin);

        using var response = await admin.GetAsync("/api/desk/admin/quality");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.Equal(5, root.GetProperty("customers").GetInt32());
        var pair = Assert.Single(root.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(("C001", "K-001"), (pair.GetProperty("keepCode").GetString(), pair.GetProperty("duplicateCode").GetString()));
        Assert.Contains("same phone +86 512 60001000", pair.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("K-001: 月结60天", pair.GetProperty("notes").EnumerateArray().Select(r => r.GetString()));
        var invalid = root.GetProperty("invalid").EnumerateArray()
            .Select(v => (v.GetProperty("code").GetString(), v.GetProperty("field").GetString(), v.GetProperty("value").GetString())).ToList();
        Assert.Contains(("K-003", "phone", "电话待补"), invalid);
        Assert.Contains(("K-003", "email", "buyer@qq.con"), invalid);
        Assert.Contains(("C002", "phone", "+49 30 1234"), invalid);
        Assert.Equal(invalid.Count, root.GetProperty("invalidCount").GetInt32());
        var metrics = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m);
        Assert.Equal(1, metrics["customers.duplicates"].GetProperty("value").GetDouble());
        Assert.Equal("Red", metrics["customers.phone.invalid"].GetProperty("rating").GetString());
        Assert.Equal("<img src=x onerror=alert(1)>有限公司", root.GetProperty("invalid").EnumerateArray().First(v => v.GetProperty("code").GetString() == "K-003").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Quality_ForAnAgentASupervisorOrNobody_IsRefused()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var agent = await SignInAsync(hub, "bob", DeskRole.Agent);
        var supervisor = await SignInAsync(hub, "cao", DeskRole.Supervisor);
        using var anonymous = new HttpClient { BaseAddress = hub.Client.BaseAddress };

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/desk/admin/quality")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/desk/admin/quality")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/desk/admin/quality")).StatusCode);
        var admin = await SignInAsync(hub, "ann", DeskRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/desk/admin/quality")).StatusCode);
    }

    private static async Task<HttpClient> SignInAsync(TestHub hub, string user, DeskRole role) =>
        (await TestDeskSignIn.SignInAsync(hub, user, Password, role)).Client;
}
