using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Quality;

namespace IntegrationHub.Crm.Core.Tests.Quality;

public sealed class DataQualityReportTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_RatesFillInvalidDuplicatesOrphansAndTotals()
    {
        Customer[] customers =
        [
            new() { Code = "C001", Name = "苏州精工机械有限公司", Email = "buyer@szjg.example.cn", Phone = "0512-65234567", Region = "华东" },
            new() { Code = "C002", Name = "苏州精工机械有限责任公司", Email = "buyer@szjg", Phone = "+86 512 6523 4567", Region = "华东" },
            new() { Code = "C003", Name = "Acme Packaging GmbH", Phone = "12345", Region = "EU" },
            new() { Code = "C004", Name = "Northwind Pumps Ltd.", Email = "ops@northwind.example.co.uk", Region = "UK" },
            new() { Code = "C005", Name = "宁波海天精密有限公司", Email = "caigou@qq.con", Region = "华东" },
        ];
        SalesOrder[] orders =
        [
            new() { OrderNo = "SO-1", CustomerCode = "C001", OrderDate = Day, TotalAmount = 250m },
            new() { OrderNo = "SO-2", CustomerCode = "C001", OrderDate = Day, TotalAmount = 99m },
            new() { OrderNo = "SO-3", CustomerCode = "C999", OrderDate = Day },
        ];
        SalesOrderLine[] lines =
        [
            new() { OrderNo = "SO-1", LineNo = 1, ItemCode = "A", Quantity = 2, UnitPrice = 100m },
            new() { OrderNo = "SO-1", LineNo = 2, ItemCode = "B", Quantity = 1, UnitPrice = 50m },
            new() { OrderNo = "SO-1", LineNo = 3, ItemCode = "C", Quantity = 9, UnitPrice = 10m, Cancelled = true },
            new() { OrderNo = "SO-2", LineNo = 1, ItemCode = "A", Quantity = 1, UnitPrice = 100m },
        ];

        var report = DataQualityReport.Build(customers, orders, lines).ToDictionary(m => m.Name);

        Assert.Equal(0.8, report["customers.email.fill"].Value);
        Assert.Equal(QualityRating.Yellow, report["customers.email.fill"].Rating);
        Assert.Equal(QualityRating.Red, report["customers.address.fill"].Rating);
        Assert.Equal(QualityRating.Green, report["customers.region.fill"].Rating);
        Assert.Equal(
            "2 of 4 e-mail addresses that are not name@domain.tld or whose domain is probably a misspelt provider (1 such, e.g. caigou@qq.con -> caigou@qq.com)",
            report["customers.email.invalid"].Detail);
        Assert.Equal(0, report["customers.address.fill"].Value);
        Assert.Equal("1 of 3 phone numbers that are neither a mainland mobile nor a landline", report["customers.phone.invalid"].Detail);
        Assert.Equal(1, report["customers.duplicates"].Value);
        Assert.Equal(QualityRating.Red, report["customers.duplicates"].Rating);
        Assert.Equal(1, report["orders.unknown-customer"].Value);
        // SO-1: 2 x 100 + 1 x 50 = 250 (the cancelled line does not count); SO-2: 100, not 99.
        Assert.Equal(1, report["orders.total-mismatch"].Value);
        Assert.Equal("1 of 2: orders whose total differs from the sum of quantity x unit price of their lines by more than 0.01", report["orders.total-mismatch"].Detail);
    }
}
