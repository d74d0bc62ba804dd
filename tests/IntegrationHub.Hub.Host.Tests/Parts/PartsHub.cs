using System.Text;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Parts;

/// <summary>A hub with an ERP import folder for part requests, the ERP's stock imported through the file drop, and tickets.</summary>
internal static class PartsHub
{
    /// <summary>
    /// The ERP's stock export, in GB18030 as Kingdee writes it: BRG-6204 has 8 free in 苏州总仓 and none in 上海仓 (all
    /// reserved), SEAL-20 has 3, and "=A1" is an item code that looks like a formula.
    /// </summary>
    public static readonly byte[] StockGb18030 = IntegrationHub.Adapters.Files.Export.ExportEncodings.Find("gb18030")!.GetBytes("""
        ItemCode,Warehouse,OnHand,Reserved,Unit,AsOf
        BRG-6204,苏州总仓,10,2,pcs,2026-12-07 08:00:00
        BRG-6204,上海仓,5,5,pcs,2026-12-07 08:00:00
        SEAL-20,苏州总仓,3,0,pcs,2026-12-07 08:00:00
        =A1,苏州总仓,50,0,pcs,2026-12-07 08:00:00

        """);

    /// <summary>Starts a hub whose part requests go to <c>erp-in</c> in its data folder, in GB18030, and imports the stock.</summary>
    public static async Task<(TestHub Hub, string ExportFolder)> StartAsync(TestStore store, params string[] settings)
    {
        var folder = TestHub.NewDataFolder();
        var export = Path.Combine(folder, "erp-in");
        Directory.CreateDirectory(export);
        var hub = await TestHub.StartInAsync(store, folder,
        [
            "--Hub:Parts:Export:Folder=erp-in",
            "--Hub:Parts:Export:Encoding=gb18030",
            "--Hub:Notifications:RetryDelay=00:00:00.100",
            .. settings,
        ]);
        await hub.DropAsync("stock-2026-12-07.csv", StockGb18030);
        await hub.WaitForInboxEmptyAsync();
        return (hub, export);
    }

    /// <summary>Saves a ticket of customer C001 in <paramref name="status"/>.</summary>
    public static async Task TicketAsync(TestHub hub, string ticketNo, TicketStatus status = TicketStatus.Open)
    {
        var rules = hub.Services.GetRequiredService<IRulesStore>();
        await using var tx = await rules.BeginAsync(CancellationToken.None);
        await tx.SaveTicketAsync(new ServiceTicket
        {
            TicketNo = ticketNo, AssetId = "M-" + ticketNo, CustomerCode = "C001", AlarmCode = "SPINDLE_VIBRATION",
            Priority = TicketPriority.P2, Status = status, OpenedAt = DateTimeOffset.UtcNow,
        }, DateTimeOffset.UtcNow, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    /// <summary>A signed-in desk client (cookie and CSRF header).</summary>
    public static async Task<HttpClient> SignInAsync(TestHub hub, string user, DeskRole role = DeskRole.Agent) =>
        (await TestDeskSignIn.SignInAsync(hub, user, user + "-Passw0rd!", role)).Client;

    /// <summary>A part request body with a fresh request id.</summary>
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Request(string requestId, params (string ItemCode, decimal Quantity)[] lines) =>
        System.Text.Json.JsonSerializer.Serialize(new { requestId, lines = lines.Select(l => new { itemCode = l.ItemCode, quantity = l.Quantity }) });
}
