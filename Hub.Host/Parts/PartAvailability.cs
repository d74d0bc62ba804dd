using IntegrationHub.Crm.Core.Stock;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// What the hub knows of one item's stock, from the ERP's imported stock levels (<c>GET /api/field/parts/{itemCode}</c>).
/// Available in a warehouse is on hand minus reserved, never below zero (stock reserved beyond what is on hand leaves
/// nothing to take); the total is the sum over the item's warehouses.
/// </summary>
/// <param name="ItemCode">The item asked about.</param>
/// <param name="Known">Whether the ERP reported any stock level of the item; an unknown item has no warehouses.</param>
/// <param name="TotalAvailable">The sum of <paramref name="Warehouses"/>' available quantities.</param>
/// <param name="Unit">The unit the ERP gave with the stock levels (of the first warehouse that gave one), or null.</param>
/// <param name="Warehouses">Each warehouse that holds a stock level of the item, by name.</param>
internal sealed record PartAvailability(string ItemCode, bool Known, decimal TotalAvailable, string? Unit, IReadOnlyList<WarehouseAvailability> Warehouses)
{
    /// <summary>The availability of <paramref name="itemCode"/> from its stock levels (any order; others ignored).</summary>
    public static PartAvailability Of(string itemCode, IEnumerable<StockLevel> levels)
    {
        var mine = levels.Where(l => string.Equals(l.ItemCode, itemCode, StringComparison.Ordinal)).OrderBy(l => l.Warehouse, StringComparer.Ordinal).ToList();
        var warehouses = mine.Select(l => new WarehouseAvailability(l.Warehouse, Available(l))).ToList();
        return new PartAvailability(itemCode, mine.Count > 0, warehouses.Sum(w => w.Available), mine.Select(l => l.Unit).FirstOrDefault(u => u is { Length: > 0 }), warehouses);
    }

    private static decimal Available(StockLevel level) => Math.Max(0m, level.OnHand - level.Reserved);
}

/// <summary>The quantity of an item free to take in one warehouse.</summary>
internal sealed record WarehouseAvailability(string Warehouse, decimal Available);
