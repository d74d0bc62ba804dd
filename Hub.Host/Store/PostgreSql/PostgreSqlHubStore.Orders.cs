using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The portal's reads: orders with their parts, a customer's orders and machines. Their statements are prepared on each
// pooled connection after their second use (auto-prepare), which is what the SQLite store's kept-open prepared
// queries give it; lists of keys go as one array parameter (= ANY($n)), one statement whatever their number.
internal sealed partial class PostgreSqlHubStore
{
    /// <summary>
    /// The portal's order lookup, one statement for the order and its parts (the lookup benchmark explains it): the order
    /// by its key, its parts through the order-number index, which leaves the orders out (schema step 21); the literal
    /// <c>kind &lt;&gt; 'SalesOrder'</c> is what lets the planner use that partial index.
    /// </summary>
    internal const string OrderSnapshotSql = """
        SELECT kind, body FROM entities WHERE kind = 'SalesOrder' AND entity_key = $1
        UNION ALL
        SELECT kind, body FROM entities WHERE order_no = $1 AND kind <> 'SalesOrder'
        """;

    /// <summary>As <see cref="OrderSnapshotSql"/>, for several orders given as one array.</summary>
    internal const string OrderSnapshotsSql = """
        SELECT kind, body FROM entities WHERE kind = 'SalesOrder' AND entity_key = ANY($1)
        UNION ALL
        SELECT kind, body FROM entities WHERE order_no = ANY($1) AND kind <> 'SalesOrder'
        """;

    public async Task<OrderSnapshot?> GetOrderSnapshotAsync(string orderNo, CancellationToken cancellationToken)
    {
        var snapshots = await SnapshotsAsync(OrderSnapshotSql, Pg.Text(orderNo), [orderNo], cancellationToken)
            .ConfigureAwait(false);
        return snapshots.Count == 0 ? null : snapshots[0];
    }

    public async Task<IReadOnlyList<OrderSnapshot>> GetOrderSnapshotsAsync(IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken) =>
        orderNos.Count == 0
            ? []
            : await SnapshotsAsync(OrderSnapshotsSql, Pg.TextArray(orderNos), orderNos, cancellationToken)
                .ConfigureAwait(false);

    private async Task<List<OrderSnapshot>> SnapshotsAsync(
        string sql, NpgsqlParameter parameter, IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken)
    {
        var parts = orderNos.Distinct(StringComparer.Ordinal).ToDictionary(o => o, _ => new SnapshotParts(), StringComparer.Ordinal);
        await using (var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Pg.Command(connection, sql, parameter))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (EntityJson.Deserialize(Enum.Parse<EntityKind>(reader.GetString(0)), reader.GetString(1)))
                {
                    case SalesOrder o: parts[o.OrderNo].Order = o; break;
                    case SalesOrderLine l: parts[l.OrderNo].Lines.Add(l); break;
                    case WorkOrder w when w.OrderNo is not null: parts[w.OrderNo].WorkOrders.Add(w); break;
                    case Shipment s: parts[s.OrderNo].Shipments.Add(s); break;
                }
            }
        }

        return [.. orderNos
            .Distinct(StringComparer.Ordinal)
            .Select(o => parts[o])
            .Where(p => p.Order is not null)
            .Select(p => new OrderSnapshot(p.Order!, p.Lines, p.WorkOrders, p.Shipments))];
    }

    public async Task<IReadOnlyList<SalesOrder>> ListOrdersAsync(
        string customerCode, int skip, int take, CancellationToken cancellationToken, string? search = null)
    {
        // NULLS LAST: SQLite sorts NULL lowest, so an order without a date comes last newest-first; PostgreSQL sorts
        // NULL highest unless told. ILIKE: SQLite's LIKE ignores ASCII case (PostgreSQL's also folds other letters
        // where the database's locale knows them). The lines' literal kind <> 'SalesOrder' lets the order-number index
        // (partial since schema step 21) serve the EXISTS in a generic plan too.
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = string.IsNullOrEmpty(search)
            ? Pg.Command(connection, """
                SELECT body FROM entities
                WHERE customer_code = $1 AND kind = $2
                ORDER BY sort_at DESC NULLS LAST, entity_key DESC
                LIMIT $3 OFFSET $4
                """, Pg.Text(customerCode), Pg.Text(nameof(EntityKind.SalesOrder)), Pg.Integer(take), Pg.Integer(skip))
            : Pg.Command(connection, """
                SELECT o.body FROM entities o
                WHERE o.customer_code = $1 AND o.kind = $2
                  AND (o.entity_key ILIKE $5 ESCAPE '\' OR EXISTS (
                      SELECT 1 FROM entities l
                      WHERE l.order_no = o.entity_key AND l.kind = $6 AND l.kind <> 'SalesOrder' AND l.body ILIKE $7 ESCAPE '\'))
                ORDER BY o.sort_at DESC NULLS LAST, o.entity_key DESC
                LIMIT $3 OFFSET $4
                """, Pg.Text(customerCode), Pg.Text(nameof(EntityKind.SalesOrder)), Pg.Integer(take), Pg.Integer(skip),
                Pg.Text("%" + Literal(search) + "%"), Pg.Text(nameof(EntityKind.SalesOrderLine)),
                // Lines are stored as JSON: an item code that starts with the text (JSON escapes nothing in a code).
                Pg.Text("%\"itemCode\":\"" + Literal(search) + "%"));
        return await ReadAllAsync(command, r => (SalesOrder)EntityJson.Deserialize(EntityKind.SalesOrder, r.GetString(0)), cancellationToken)
            .ConfigureAwait(false);

        static string Literal(string text) => text
            .Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    public async Task<Customer?> GetCustomerAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT body FROM entities WHERE kind = $1 AND entity_key = $2",
            Pg.Text(nameof(EntityKind.Customer)), Pg.Text(customerCode));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body
            ? (Customer)EntityJson.Deserialize(EntityKind.Customer, body)
            : null;
    }

    public async Task<IReadOnlyList<InstalledEquipment>> ListEquipmentAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT body FROM entities WHERE customer_code = $1 AND kind = $2 ORDER BY entity_key",
            Pg.Text(customerCode), Pg.Text(nameof(EntityKind.InstalledEquipment)));
        return await ReadAllAsync(command, r => (InstalledEquipment)EntityJson.Deserialize(EntityKind.InstalledEquipment, r.GetString(0)), cancellationToken)
            .ConfigureAwait(false);
    }

    // The owners of machines, for the telemetry sink's check of a topic's customer (issue 16 item 19): one indexed
    // query per batch of readings, over the primary key (kind, entity_key).
    public async Task<IReadOnlyDictionary<string, string>> GetEquipmentOwnersAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        if (assetIds.Count == 0)
        {
            return owners;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT entity_key, customer_code FROM entities WHERE kind = $1 AND entity_key = ANY($2)",
            Pg.Text(nameof(EntityKind.InstalledEquipment)), Pg.TextArray(assetIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(1))
            {
                owners[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return owners;
    }

    private sealed class SnapshotParts
    {
        public SalesOrder? Order { get; set; }

        public List<SalesOrderLine> Lines { get; } = [];

        public List<WorkOrder> WorkOrders { get; } = [];

        public List<Shipment> Shipments { get; } = [];
    }
}
