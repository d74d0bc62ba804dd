using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Live;

/// <summary>Orders and tickets written straight through a node's store, as its adapters and rules stage would.</summary>
internal static class LiveOrders
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static int _version;

    /// <summary>A customer's order with one work order of 100 pieces, none done yet.</summary>
    public static Task SeedAsync(IHubStore store, string customer, string orderNo) =>
        ApplyAsync(store,
            new Customer { Code = customer, Name = "Customer " + customer },
            new SalesOrder { OrderNo = orderNo, CustomerCode = customer, OrderDate = Start },
            WorkOrder(orderNo, 0));

    /// <summary>Production reports <paramref name="done"/> of the order's 100 pieces.</summary>
    public static Task ProduceAsync(IHubStore store, string orderNo, int done) => ApplyAsync(store, WorkOrder(orderNo, done));

    /// <summary>A new open ticket, saved in one rules unit of work.</summary>
    public static async Task OpenTicketAsync(IRulesStore rules, string ticketNo, string customer)
    {
        await using var tx = await rules.BeginAsync(CancellationToken.None);
        await tx.SaveTicketAsync(new ServiceTicket
        {
            TicketNo = ticketNo, AssetId = "M-" + ticketNo, CustomerCode = customer, AlarmCode = "TEMP_HIGH",
            Priority = TicketPriority.P1, OpenedAt = DateTimeOffset.UtcNow,
        }, DateTimeOffset.UtcNow, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private static WorkOrder WorkOrder(string orderNo, int done) => new()
    {
        WorkOrderNo = "WO-" + orderNo, OrderNo = orderNo, LineNo = 1, QuantityPlanned = 100, QuantityDone = done,
        State = done == 0 ? WorkOrderState.Released : WorkOrderState.Running,
    };

    private static async Task ApplyAsync(IHubStore store, params CanonicalEntity[] entities)
    {
        // Each write a strictly newer source version, so that last-writer-wins takes it.
        var at = Start.AddMinutes(Interlocked.Increment(ref _version));
        await store.ApplyAsync([.. entities.Select(e => new CanonicalChange(e, new SourceStamp("live-test", at)))], [], CancellationToken.None);
    }
}
