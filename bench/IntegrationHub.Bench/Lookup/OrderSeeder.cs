using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.DemoPlant;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// Fills a fresh store through the hub's own <see cref="IHubStore.ApplyAsync"/>: the 36 demo customers, then
/// orders numbered as the demo ERP numbers them (<c>SO-2024-0315-087</c>: up to 1,000 a day, going back in time),
/// each with one or two lines and spread at random over the customers. The numbers of one customer's orders are
/// written to a file for the load generator.
/// </summary>
internal static class OrderSeeder
{
    private const int OrdersPerDay = 1_000;
    private const int BatchOrders = 5_000;
    private const string Source = "bench-seed";

    public static async Task<TaskMeasurement> RunAsync(
        string dataFolder, int orderCount, string customer, string orderListPath, CancellationToken cancellationToken)
    {
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }

        // The store as the parent gave it to this process, in the hub's own environment variables (Hub__Store__...).
        var hubSettings = new Dictionary<string, string?> { ["Hub:DataFolder"] = dataFolder };
        foreach (var name in new[] { "Hub__Store__Provider", "Hub__Store__ConnectionString" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                hubSettings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        await using var provider = HubServices.Build(hubSettings, withAdapters: false);
        await HubStartup.PrepareAsync(provider, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var store = provider.GetRequiredService<IHubStore>();

        var now = TimeProvider.System.GetUtcNow();
        var stamp = new SourceStamp(Source, now.AddDays(-1));
        var customers = Catalog.Customers.Select((c, i) => new Customer
        {
            Code = string.Create(CultureInfo.InvariantCulture, $"C{i + 1:000}"),
            Name = c.Name,
            Region = c.Region,
            Language = c.Language,
            Email = "purchasing@" + c.Domain,
        }).ToList();
        await store.ApplyAsync([.. customers.Select(c => new CanonicalChange(c, stamp))], [], cancellationToken).ConfigureAwait(false);

        var random = new Random(7);
        var started = Stopwatch.GetTimestamp();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var batch = new List<CanonicalChange>(BatchOrders * 2);
        var mine = new List<string>();
        long entities = customers.Count;
        for (var i = 0; i < orderCount; i++)
        {
            // Oldest first, so that the keys arrive in ascending order as an ERP's history would.
            var day = today.AddDays(-((orderCount - 1 - i) / OrdersPerDay)).AddHours(8 + (i % OrdersPerDay / 100.0));
            var orderNo = string.Create(CultureInfo.InvariantCulture, $"SO-{day:yyyy}-{day:MMdd}-{i % OrdersPerDay:000}");
            var owner = customers[random.Next(customers.Count)].Code;
            if (owner == customer)
            {
                mine.Add(orderNo);
            }

            var lines = Enumerable.Range(1, 1 + random.Next(2)).Select(n =>
            {
                var item = Catalog.Items[random.Next(Catalog.Items.Length)];
                return new SalesOrderLine
                {
                    OrderNo = orderNo, LineNo = n, ItemCode = item.Code, Description = item.Description,
                    Quantity = 10 * (1 + random.Next(50)), Unit = item.Unit, UnitPrice = item.Price,
                };
            }).ToList();
            batch.Add(new CanonicalChange(new SalesOrder
            {
                OrderNo = orderNo,
                CustomerCode = owner,
                OrderDate = day,
                PromisedDate = day.AddDays(21 + random.Next(20)),
                Status = day < today.AddDays(-60) ? SalesOrderStatus.Closed : SalesOrderStatus.Open,
                Currency = "CNY",
                TotalAmount = lines.Sum(l => l.Quantity * l.UnitPrice!.Value),
            }, stamp));
            batch.AddRange(lines.Select(l => new CanonicalChange(l, stamp)));

            if ((i + 1) % BatchOrders == 0 || i == orderCount - 1)
            {
                var result = await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
                entities += batch.Count;
                if (result.Changed != batch.Count)
                {
                    throw new InvalidOperationException($"The store took {result.Changed} of {batch.Count} new entities.");
                }

                batch.Clear();
                if ((i + 1) % 100_000 == 0)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[seed] {i + 1:N0} orders, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
                }
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await File.WriteAllLinesAsync(orderListPath, mine, cancellationToken).ConfigureAwait(false);
        var options = provider.GetRequiredService<HubOptions>();
        if (options.Store.IsPostgreSql)
        {
            return new TaskMeasurement("seed", orderCount, seconds, PeakMemory.OfThisProcessMiB(), string.Create(CultureInfo.InvariantCulture,
                $"{entities:N0} entities, {mine.Count:N0} orders of {customer}, on PostgreSQL"));
        }

        var database = options.Resolve(options.Store.SqlitePath);
        var bytes = new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return new TaskMeasurement("seed", orderCount, seconds, PeakMemory.OfThisProcessMiB(), string.Create(CultureInfo.InvariantCulture,
            $"{entities:N0} entities, {mine.Count:N0} orders of {customer}, database with WAL {bytes / 1048576.0:0} MiB"));
    }
}
