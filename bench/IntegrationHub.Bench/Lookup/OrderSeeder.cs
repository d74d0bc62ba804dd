using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.DemoPlant;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Copy;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// Fills a fresh store (SQLite through the hub's own <see cref="IHubStore.ApplyAsync"/>, PostgreSQL by binary COPY):
/// the 36 demo customers, then orders numbered as the demo ERP numbers them (<c>SO-2024-0315-087</c>: up to 1,000 a day, going back in time),
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
        var options = provider.GetRequiredService<HubOptions>();
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
        var mine = new List<string>();
        // Lazily: a million orders with their lines are not held in memory at once.
        var changes = customers.Select(c => new CanonicalChange(c, stamp))
            .Concat(Orders(orderCount, customers, customer, now, mine).SelectMany(o => o).Select(e => new CanonicalChange(e, stamp)));
        var started = Stopwatch.GetTimestamp();
        var entities = options.Store.IsPostgreSql
            ? await CopyAsync(provider.GetRequiredService<PostgreSqlConnections>(), changes, now, cancellationToken).ConfigureAwait(false)
            : await ApplyAsync(provider, changes, cancellationToken).ConfigureAwait(false);

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await File.WriteAllLinesAsync(orderListPath, mine, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The orders, oldest first, each with its one or two lines; the numbers of <paramref name="customer"/>'s go to <paramref name="mine"/>.</summary>
    private static IEnumerable<IReadOnlyList<CanonicalEntity>> Orders(int orderCount, List<Customer> customers, string customer, DateTimeOffset now, List<string> mine)
    {
        var random = new Random(7);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
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
            yield return
            [
                new SalesOrder
                {
                    OrderNo = orderNo,
                    CustomerCode = owner,
                    OrderDate = day,
                    PromisedDate = day.AddDays(21 + random.Next(20)),
                    Status = day < today.AddDays(-60) ? SalesOrderStatus.Closed : SalesOrderStatus.Open,
                    Currency = "CNY",
                    TotalAmount = lines.Sum(l => l.Quantity * l.UnitPrice!.Value),
                },
                .. lines,
            ];
        }
    }

    /// <summary>SQLite: through the hub's own <see cref="IHubStore.ApplyAsync"/>, a transaction per batch.</summary>
    private static async Task<long> ApplyAsync(IServiceProvider provider, IEnumerable<CanonicalChange> changes, CancellationToken cancellationToken)
    {
        await HubStartup.PrepareAsync(provider, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var store = provider.GetRequiredService<IHubStore>();
        long entities = 0;
        foreach (var batch in changes.Chunk(BatchOrders * 2))
        {
            var result = await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
            if (result.Changed != batch.Length)
            {
                throw new InvalidOperationException($"The store took {result.Changed} of {batch.Length} new entities.");
            }

            entities += batch.Length;
            Progress(entities);
        }

        return entities;
    }

    /// <summary>
    /// PostgreSQL: by binary COPY through <c>hub store copy</c>'s target (one transaction, the rows as the store writes
    /// them: <see cref="StoredChanges.IndexColumns"/>, <see cref="EntityJson"/>), not ApplyAsync's upserts: a lookup run
    /// needs a million orders in the database, not a measure of their import (that is the import benchmark's).
    /// </summary>
    private static async Task<long> CopyAsync(PostgreSqlConnections connections, IEnumerable<CanonicalChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var storedAt = StoreTime.Micros(now);
        var rows = changes.Select(change =>
        {
            var entity = change.Entity;
            var (customerCode, orderNo, sortAt) = StoredChanges.IndexColumns(entity);
            return new object?[]
            {
                entity.Kind.ToString(), entity.Key, customerCode, orderNo, sortAt is { } sort ? StoreTime.Micros(sort) : null,
                change.Stamp.Source, StoreTime.Micros(change.Stamp.Timestamp), change.Stamp.Reference, EntityJson.Serialize(entity), storedAt,
            };
        });
        await using var target = await PostgreSqlCopyTarget.OpenAsync(connections, TimeProvider.System, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        var written = await target.WriteAsync(StoreCopyPlan.Tables.Single(t => t.Name == "entities"), rows.ToAsyncEnumerable(), 50_000, done =>
        {
            Progress(done);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        await target.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static void Progress(long entities)
    {
        if (entities % 250_000 < BatchOrders * 2)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[seed] {entities:N0} entities"));
        }
    }
}
