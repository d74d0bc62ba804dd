using System.Data.Common;
using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// The portal's and the reports' reads of entities: order snapshots (the hot path, on prepared statements), order
// lists, customers, equipment, whole kinds and counts.
internal sealed partial class SqliteHubStore
{
    /// <summary>
    /// An order and its parts: the order by its key, its lines, work orders and shipments through the order-number
    /// index, which leaves the orders out (schema step 30). The literal <c>kind &lt;&gt; 'SalesOrder'</c> is what lets
    /// SQLite use that partial index; without it the second half would scan the table.
    /// </summary>
    internal const string OrderSnapshotSql = """
        SELECT kind, body FROM entities WHERE kind = 'SalesOrder' AND entity_key = @order
        UNION ALL
        SELECT kind, body FROM entities WHERE order_no = @order AND kind <> 'SalesOrder'
        """;

    /// <summary>As <see cref="OrderSnapshotSql"/>, for several orders: each parameter name is used in both halves.</summary>
    internal static string OrderSnapshotsSql(IReadOnlyList<string> parameterNames)
    {
        var list = string.Join(", ", parameterNames);
        return $"""
            SELECT kind, body FROM entities WHERE kind = 'SalesOrder' AND entity_key IN ({list})
            UNION ALL
            SELECT kind, body FROM entities WHERE order_no IN ({list}) AND kind <> 'SalesOrder'
            """;
    }

    /// <summary>
    /// The portal's hot path. It runs on a connection kept open with its statement prepared, so that a lookup does
    /// not parse SQL again: half the cost of a lookup on SQLite (measured in bench/).
    /// </summary>
    public async Task<OrderSnapshot?> GetOrderSnapshotAsync(string orderNo, CancellationToken cancellationToken)
    {
        var query = _snapshotQueries.TryTake(out var pooled)
            ? pooled
            : await PreparedQuery.CreateAsync(connections, OrderSnapshotSql, "@order", cancellationToken)
                .ConfigureAwait(false);
        var reusable = false;
        try
        {
            query.Parameter.Value = orderNo;
            var parts = new Dictionary<string, SnapshotParts>(StringComparer.Ordinal) { [orderNo] = new SnapshotParts() };
            await using (var reader = await query.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReadSnapshotRowsAsync(reader, parts, cancellationToken).ConfigureAwait(false);
            }

            reusable = true;
            var found = parts[orderNo];
            return found.Order is null ? null : new OrderSnapshot(found.Order, found.Lines, found.WorkOrders, found.Shipments);
        }
        finally
        {
            if (reusable && _snapshotQueries.Count < MaxPreparedQueries)
            {
                _snapshotQueries.Add(query);
            }
            else
            {
                await query.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OrderSnapshot>> GetOrderSnapshotsAsync(
        IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken)
    {
        if (orderNos.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var names = orderNos.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@o{i}")).ToList();
        await using var command = Command(connection, null, OrderSnapshotsSql(names));
        foreach (var (name, value) in names.Zip(orderNos))
        {
            Add(command, name, value);
        }

        var parts = orderNos.Distinct(StringComparer.Ordinal).ToDictionary(o => o, _ => new SnapshotParts(), StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadSnapshotRowsAsync(reader, parts, cancellationToken).ConfigureAwait(false);
        }

        return orderNos
            .Distinct(StringComparer.Ordinal)
            .Select(o => parts[o])
            .Where(p => p.Order is not null)
            .Select(p => new OrderSnapshot(p.Order!, p.Lines, p.WorkOrders, p.Shipments))
            .ToList();
    }

    private static async Task ReadSnapshotRowsAsync(DbDataReader reader, Dictionary<string, SnapshotParts> parts, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entity = EntityJson.Deserialize(Enum.Parse<EntityKind>(reader.GetString(0)), reader.GetString(1));
            switch (entity)
            {
                case SalesOrder o: parts[o.OrderNo].Order = o; break;
                case SalesOrderLine l: parts[l.OrderNo].Lines.Add(l); break;
                case WorkOrder w when w.OrderNo is not null: parts[w.OrderNo].WorkOrders.Add(w); break;
                case Shipment s: parts[s.OrderNo].Shipments.Add(s); break;
            }
        }
    }

    public async Task<IReadOnlyList<SalesOrder>> ListOrdersAsync(
        string customerCode, int skip, int take, CancellationToken cancellationToken, string? search = null)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The lines' literal kind <> 'SalesOrder' lets the order-number index (partial since schema step 30) serve the EXISTS.
        await using var command = Command(connection, null, string.IsNullOrEmpty(search)
            ? """
                SELECT body FROM entities
                WHERE customer_code = @customer AND kind = @kind
                ORDER BY sort_at DESC, entity_key DESC
                LIMIT @take OFFSET @skip
                """
            : """
                SELECT o.body FROM entities o
                WHERE o.customer_code = @customer AND o.kind = @kind
                  AND (o.entity_key LIKE @number ESCAPE '\' OR EXISTS (
                      SELECT 1 FROM entities l
                      WHERE l.order_no = o.entity_key AND l.kind = @lineKind AND l.kind <> 'SalesOrder' AND l.body LIKE @item ESCAPE '\'))
                ORDER BY o.sort_at DESC, o.entity_key DESC
                LIMIT @take OFFSET @skip
                """);
        if (!string.IsNullOrEmpty(search))
        {
            var literal = search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            Add(command, "@number", "%" + literal + "%");
            // Lines are stored as JSON: an item code that starts with the text (JSON escapes nothing in a code).
            Add(command, "@item", "%\"itemCode\":\"" + literal + "%");
            Add(command, "@lineKind", nameof(EntityKind.SalesOrderLine));
        }

        Add(command, "@customer", customerCode);
        Add(command, "@kind", nameof(EntityKind.SalesOrder));
        Add(command, "@take", take);
        Add(command, "@skip", skip);
        var orders = new List<SalesOrder>(take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orders.Add((SalesOrder)EntityJson.Deserialize(EntityKind.SalesOrder, reader.GetString(0)));
        }

        return orders;
    }

    public async Task<IReadOnlyList<InstalledEquipment>> ListEquipmentAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT body FROM entities WHERE customer_code = @customer AND kind = @kind ORDER BY entity_key
            """);
        Add(command, "@customer", customerCode);
        Add(command, "@kind", nameof(EntityKind.InstalledEquipment));
        var equipment = new List<InstalledEquipment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            equipment.Add((InstalledEquipment)EntityJson.Deserialize(EntityKind.InstalledEquipment, reader.GetString(0)));
        }

        return equipment;
    }

    public async Task<Customer?> GetCustomerAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT body FROM entities WHERE kind = @kind AND entity_key = @key");
        Add(command, "@kind", nameof(EntityKind.Customer));
        Add(command, "@key", customerCode);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body
            ? (Customer)EntityJson.Deserialize(EntityKind.Customer, body)
            : null;
    }

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(CancellationToken cancellationToken) =>
        [.. (await ListEntitiesAsync(EntityKind.Customer, cancellationToken).ConfigureAwait(false)).Cast<Customer>()];

    public async Task<IReadOnlyList<CanonicalEntity>> ListEntitiesAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT body FROM entities WHERE kind = @kind ORDER BY entity_key");
        Add(command, "@kind", kind.ToString());
        var entities = new List<CanonicalEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entities.Add(EntityJson.Deserialize(kind, reader.GetString(0)));
        }

        return entities;
    }

    public async Task<IReadOnlyDictionary<EntityKind, long>> CountEntitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT kind, COUNT(*) FROM entities GROUP BY kind");
        var counts = Enum.GetValues<EntityKind>().ToDictionary(k => k, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<EntityKind>(reader.GetString(0), out var kind))
            {
                counts[kind] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    private sealed class SnapshotParts
    {
        public SalesOrder? Order { get; set; }

        public List<SalesOrderLine> Lines { get; } = [];

        public List<WorkOrder> WorkOrders { get; } = [];

        public List<Shipment> Shipments { get; } = [];
    }
}
