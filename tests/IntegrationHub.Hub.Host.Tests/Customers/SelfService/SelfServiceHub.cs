using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.CrmOutbound;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Customers.SelfService;

/// <summary>
/// One hub per test class and store for customers' own data (issue 23 item 3): the ERP's customer import folder in
/// GB18030, a CRM webhook subscribed to customers and contacts (the real receiver of the CRM tests, checking each
/// signature), a pending limit of 1,000, and the customer master imported through the file drop. Each test uses
/// customers of its own; contacts come from an "ERP contacts" source written through the store, as an import would.
/// </summary>
public abstract class SelfServiceHub(TestStore store) : IAsyncLifetime
{
    public const int MaxPending = 1000;

    private const string Customers = """
        CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt
        S01,Approved Path Ltd,Gold,华东,s01@cust.test,,en,2025-10-01 08:00:00
        S02,Typo Hints Co,Standard,EU,s02@cust.test,,en,2025-10-01 08:00:00
        S03,Hostile Input AG,Standard,EU,s03@cust.test,,en,2025-10-01 08:00:00
        S04,Neighbour One Ltd,Standard,EU,s04@cust.test,,en,2025-10-01 08:00:00
        S05,Neighbour Two Ltd,Standard,EU,s05@cust.test,,en,2025-10-01 08:00:00
        S06,Stale Record GmbH,Standard,EU,s06@cust.test,,en,2025-10-01 08:00:00
        S07,Formula Corp,Standard,EU,s07@cust.test,,en,2025-10-01 08:00:00
        S08,Plans And Places Ltd,Standard,EU,s08@cust.test,,en,2025-10-01 08:00:00
        S09,Busy Customer Ltd,Standard,EU,s09@cust.test,,en,2025-10-01 08:00:00
        S10,Replay Co,Standard,EU,s10@cust.test,,en,2025-10-01 08:00:00
        S11,Csrf Ltd,Standard,EU,s11@cust.test,,en,2025-10-01 08:00:00

        """;

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("crm-webhook-secret-for-self-service-tests");

    private TestHub? _hub;
    private CrmWebhookReceiver? _crm;

    internal TestHub Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    internal CrmWebhookReceiver Crm => _crm ?? throw new InvalidOperationException("The CRM receiver has not started.");

    internal string ExportFolder => Path.Combine(Hub.DataFolder, "erp-customers");

    public async Task InitializeAsync()
    {
        _crm = await CrmWebhookReceiver.StartAsync(Secret);
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "erp-customers"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "crm.secret"), Secret);
        _hub = await TestHub.StartInAsync(store, folder,
            "--Hub:Customers:Export:Folder=erp-customers",
            "--Hub:Customers:Export:Encoding=gb18030",
            $"--Hub:Customers:SelfService:MaxPendingChanges={MaxPending}",
            "--Hub:Notifications:RetryDelay=00:00:00.100",
            $"--Hub:Crm:Webhooks:crm:Url={_crm.BaseUrl}/ok",
            "--Hub:Crm:Webhooks:crm:SecretFile=crm.secret",
            "--Hub:Crm:Webhooks:crm:Kinds:0=Customer",
            "--Hub:Crm:Webhooks:crm:Kinds:1=Contact");
        await _hub.DropAsync("customers-self-service.csv", Customers);
        await _hub.WaitForInboxEmptyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_crm is not null)
        {
            await _crm.DisposeAsync();
        }
    }

    /// <summary>Writes contacts as the ERP's contact import would: source <c>erp-contacts</c>, the given version time.</summary>
    internal async Task ImportContactsAsync(DateTimeOffset version, params Contact[] contacts) =>
        await Hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [.. contacts.Select(c => new CanonicalChange(c, new SourceStamp("erp-contacts", version, "contacts.csv")))], [], CancellationToken.None);

    /// <summary>Writes a customer record as the ERP's customer import would, at the given version time.</summary>
    internal async Task ImportCustomerAsync(Customer customer, DateTimeOffset version) =>
        await Hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [new CanonicalChange(customer, new SourceStamp("erp-customers", version, "customers.csv"))], [], CancellationToken.None);

    /// <summary>A portal client of <paramref name="customer"/>: its bearer token, with or without the portal's CSRF header.</summary>
    internal async Task<HttpClient> PortalAsync(string customer, bool csrfHeader = true)
    {
        var token = await Hub.IssueTokenAsync(customer);
        var client = new HttpClient { BaseAddress = Hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (csrfHeader)
        {
            client.DefaultRequestHeaders.Add("X-Hub-Portal", "1");
        }

        return client;
    }

    /// <summary>A signed-in desk client (cookie and CSRF header).</summary>
    internal async Task<HttpClient> DeskAsync(string user, DeskRole role = DeskRole.Supervisor) =>
        (await TestDeskSignIn.SignInAsync(Hub, user, user + "-Passw0rd!", role)).Client;

    internal static async Task<HttpResponseMessage> ProposeAsync(HttpClient portal, object body) =>
        await portal.PostAsJsonAsync("/api/portal/profile/changes", body);

    internal static async Task<JsonElement> ProfileAsync(HttpClient portal) =>
        await portal.GetFromJsonAsync<JsonElement>("/api/portal/profile");

    internal static async Task<HttpResponseMessage> DecideAsync(HttpClient desk, string changeId, string verb, string? reason = null) =>
        await desk.PostAsJsonAsync($"/api/desk/customer-changes/{changeId}/{verb}", new { reason });

    internal async Task<long> CountAsync(string sql) => await Hub.CountAsync(sql);

    public sealed class OnSqlite() : SelfServiceHub(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SelfServiceHub(TestStore.PostgreSql);
}
