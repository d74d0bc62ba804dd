using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings.Tests.Demo;

public sealed class DemoMappingLoadTests
{
    public static TheoryData<string, string, EntityKind, string, string> Shipped => new()
    {
        { "customers.yaml", "erp-customers", EntityKind.Customer, "customers*.csv", "utf-8" },
        { "orders.yaml", "erp-orders", EntityKind.SalesOrder, "orders*.csv", "gb18030" },
        { "order-lines.yaml", "erp-order-lines", EntityKind.SalesOrderLine, "order_lines*.csv", "utf-8" },
        { "stock.yaml", "erp-stock", EntityKind.StockLevel, "stock*.csv", "auto" },
        { "work-orders.yaml", "mes-work-orders", EntityKind.WorkOrder, "work_orders*.csv", "auto" },
        { "shipments.yaml", "wms-shipments", EntityKind.Shipment, "shipments*.csv", "auto" },
        { "equipment.yaml", "erp-equipment", EntityKind.InstalledEquipment, "equipment*.csv", "auto" },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Load_ShippedFile_LoadsWithoutErrors(string file, string source, EntityKind target, string match, string encoding)
    {
        var result = MappingCatalog.Load([Path.Combine(DemoMappings.Folder, file)]);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var mapping = Assert.Single(result.Catalog.Mappings);
        Assert.Equal(source, mapping.Source);
        Assert.Equal(target, mapping.Target);
        Assert.Equal(new FileSourceOptions { Match = match, Encoding = encoding, Delimiter = ',' }, mapping.File);
        Assert.Equal("Asia/Shanghai", mapping.TimeZone.Id);
        Assert.NotNull(mapping.TimestampColumn);
    }

    [Fact]
    public void LoadDirectory_DemoFolder_LoadsTogetherWithEveryShippedSource()
    {
        // Other sources (telemetry) may live in the folder too; all of them must load together.
        var sources = DemoMappings.Catalog.Mappings.Select(m => m.Source).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(["erp-customers", "erp-equipment", "erp-order-lines", "erp-orders", "erp-stock", "mes-work-orders", "wms-shipments"]),
            sources);
    }
}
