using System.Globalization;
using IntegrationHub.Crm.Core.Progress;
using System.Text;
using CsvHelper;

namespace IntegrationHub.DemoPlant;

/// <summary>
/// Writes the ERP, MES and WMS exports of the demo plant: customers, orders in every stage, their lines, work
/// orders, shipments, stock and installed equipment, in the shapes the shipped demo mappings expect (orders as a
/// Kingdee-style GB18030 export with Chinese headers, the rest UTF-8). The same seed and clock give the same files.
/// </summary>
internal sealed class DemoPlantGenerator
{
    private static readonly TimeZoneInfo PlantZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly OrderStage[] Stages = Enum.GetValues<OrderStage>();

    private readonly Random _random;
    private readonly DateTime _now;

    public DemoPlantGenerator(int seed, DateTimeOffset now)
    {
        _random = new Random(seed);
        _now = TimeZoneInfo.ConvertTime(now, PlantZone).DateTime;
    }

    /// <summary>Writes every export into <paramref name="folder"/>; returns the files written.</summary>
    public IReadOnlyList<string> WriteAll(string folder, int orderCount)
    {
        Directory.CreateDirectory(folder);
        var customers = Catalog.Customers.Select((c, i) => ($"C{i + 1:000}", c)).ToList();
        var orders = Enumerable.Range(0, orderCount).Select(i => NewOrder(i, customers.Count)).ToList();

        // Write to temporary names and rename, so that a running hub never reads a half-written export.
        var files = new List<string>
        {
            Write(folder, "customers.csv", Utf8WithBom, ["CustomerCode", "Name", "Tier", "Region", "Email", "Phone", "Language", "ModifiedAt"],
                customers.Select((c, i) => new[]
                {
                    c.Item1, c.c.Name, i % 7 == 0 ? "Gold" : i % 3 == 0 ? "Silver" : "Standard", c.c.Region,
                    $"purchasing@{c.c.Domain}", Phone(i), c.c.Language, Stamp(_now.AddDays(-90)),
                })),
            DirtyCustomerFiles.WriteExport(folder, DemoCrmExport.Customers(), _now.AddDays(-30), DemoCrmExport.FileName),
            Write(folder, "equipment.csv", Utf8WithBom, ["AssetId", "CustomerCode", "Model", "SerialNo", "Site", "InstalledAt", "ModifiedAt"],
                customers.SelectMany((c, i) => Enumerable.Range(1, 1 + (i % 3)).Select(n => new[]
                {
                    $"EQ-{c.Item1}-{n:00}", c.Item1, Catalog.EquipmentModels[(i + n) % Catalog.EquipmentModels.Length],
                    $"HX{2021 + (i % 4)}{i:000}{n:00}", c.c.Region, _now.AddDays(-400 - i * 7).ToString("yyyy-MM-dd", Invariant),
                    Stamp(_now.AddDays(-90)),
                }))),
            Write(folder, "stock.csv", Utf8WithBom, ["ItemCode", "Warehouse", "OnHand", "Reserved", "Unit", "AsOf"],
                Catalog.Items.SelectMany(item => Catalog.Warehouses.Select(w => new[]
                {
                    item.Code, w, _random.Next(0, 2_000).ToString(Invariant), _random.Next(0, 200).ToString(Invariant), item.Unit, Stamp(_now.AddHours(-1)),
                }))),
            WriteOrders(folder, "orders.csv", orders),
            Write(folder, "order_lines.csv", new UTF8Encoding(false), ["OrderNo", "LineNo", "ItemCode", "Description", "Qty", "Unit", "UnitPrice", "Status", "ModifiedAt"],
                orders.SelectMany(o => o.Lines.Select(l => new[]
                {
                    o.OrderNo, l.LineNo.ToString(Invariant), l.Item.Code, l.Item.Description, l.Quantity.ToString(Invariant), l.Item.Unit,
                    l.Item.Price.ToString("0.00", Invariant), "Open", Stamp(o.ModifiedAt),
                }))),
            Write(folder, "work_orders.csv", new UTF8Encoding(false),
                ["WorkOrderNo", "OrderNo", "LineNo", "ItemCode", "Planned", "Done", "Scrap", "State", "QC", "ReleasedAt", "StartedAt", "CompletedAt", "QcAt", "Machine", "ModifiedAt"],
                orders.SelectMany(WorkOrderRows)),
            Write(folder, "shipments.csv", new UTF8Encoding(false),
                ["ShipmentNo", "OrderNo", "LineNo", "Qty", "Carrier", "TrackingNo", "ShippedAt", "ETA", "DeliveredAt", "ModifiedAt"],
                orders.SelectMany(ShipmentRows)),
        };
        return files;
    }

    /// <summary>Writes only an order-header export of <paramref name="count"/> rows, for import benchmarks.</summary>
    public string WriteOrdersOnly(string folder, string fileName, int count)
    {
        Directory.CreateDirectory(folder);
        var orders = Enumerable.Range(0, count).Select(i => NewOrder(i, Catalog.Customers.Length)).ToList();
        return WriteOrders(folder, fileName, orders);
    }

    private string WriteOrders(string folder, string fileName, IEnumerable<DemoOrder> orders) =>
        Write(folder, fileName, Gb18030(), ["订单编号", "客户编码", "订单日期", "交货日期", "状态", "币别", "金额", "修改时间"],
            orders.Select(o => new[]
            {
                o.OrderNo, o.CustomerCode, o.OrderDate.ToString("yyyy/MM/dd", Invariant), o.Promised.ToString("yyyyMMdd", Invariant),
                o.Stage switch { OrderStage.Cancelled => "C", OrderStage.OnHold => "B", OrderStage.Delivered => "D", _ => "A" },
                int.Parse(o.CustomerCode.AsSpan(1), Invariant) % 2 == 0 ? "USD" : "CNY",
                o.Lines.Sum(l => l.Quantity * l.Item.Price).ToString("#,##0.00", Invariant),
                Stamp(o.ModifiedAt),
            }));

    private DemoOrder NewOrder(int index, int customerCount)
    {
        // The first customer has an order in every stage, so the demo token shows the whole range.
        var stage = index < Stages.Length ? Stages[index] : Stages[_random.Next(Stages.Length)];
        var customer = index < Stages.Length ? 1 : 1 + _random.Next(customerCount);
        var age = 3 + (5 * (int)Math.Min((int)stage, (int)OrderStage.Delivered)) + _random.Next(0, 4);
        var orderDate = _now.Date.AddDays(-age).AddHours(9 + _random.Next(8));
        var lines = Enumerable.Range(1, 1 + _random.Next(4))
            .Select(n => new DemoLine(n, Catalog.Items[_random.Next(Catalog.Items.Length)], 10 * (1 + _random.Next(50))))
            .ToList();
        return new DemoOrder(
            $"SO-{orderDate:yyyy}-{orderDate:MMdd}-{index % 1000:000}" + (index >= 1000 ? $"-{index / 1000}" : string.Empty),
            $"C{customer:000}", orderDate, orderDate.Date.AddDays(21 + _random.Next(20)), stage, lines,
            _now.AddMinutes(-_random.Next(1, 600)), _random.Next(1_000_000));
    }

    private IEnumerable<string[]> WorkOrderRows(DemoOrder order)
    {
        if (order.Stage is OrderStage.Received or OrderStage.Cancelled)
        {
            yield break;
        }

        foreach (var line in order.Lines)
        {
            var released = order.OrderDate.AddDays(1);
            var started = order.OrderDate.AddDays(2);
            var completed = order.OrderDate.AddDays(2 + (line.Quantity / 60) + 1);
            var (state, done, qc) = order.Stage switch
            {
                OrderStage.Scheduled or OrderStage.OnHold => ("Released", 0, "Pending"),
                OrderStage.InProduction => ("Running", line.Quantity * (1 + ((order.Salt + line.LineNo) % 8)) / 10, "Pending"),
                OrderStage.QualityCheck => ("Completed", line.Quantity, "Pending"),
                _ => ("Completed", line.Quantity, "Passed"),
            };
            var isStarted = state != "Released";
            var isComplete = state == "Completed";
            yield return
            [
                $"WO-{order.OrderNo[3..]}-{line.LineNo}", order.OrderNo, line.LineNo.ToString(Invariant), line.Item.Code,
                line.Quantity.ToString(Invariant), done.ToString(Invariant), (isStarted ? done / 50 : 0).ToString(Invariant), state, qc,
                Stamp(released), isStarted ? Stamp(started) : string.Empty, isComplete ? Stamp(completed) : string.Empty,
                qc == "Passed" ? Stamp(completed.AddHours(4)) : string.Empty,
                Catalog.Machines[(order.Salt + line.LineNo) % Catalog.Machines.Length], Stamp(order.ModifiedAt),
            ];
        }
    }

    private IEnumerable<string[]> ShipmentRows(DemoOrder order)
    {
        if (order.Stage is not (OrderStage.PartiallyShipped or OrderStage.Shipped or OrderStage.Delivered))
        {
            yield break;
        }

        var shipped = order.OrderDate.AddDays(14);
        var carrier = Catalog.Carriers[order.Salt % Catalog.Carriers.Length];
        var lines = order.Stage == OrderStage.PartiallyShipped ? order.Lines.Take(1) : order.Lines;
        foreach (var line in lines)
        {
            var quantity = order.Stage == OrderStage.PartiallyShipped ? Math.Max(1, line.Quantity / 2) : line.Quantity;
            var eta = order.Stage == OrderStage.Shipped ? _now.Date.AddDays(2) : shipped.AddDays(3);
            yield return
            [
                $"SH-{order.OrderNo[3..]}", order.OrderNo, line.LineNo.ToString(Invariant), quantity.ToString(Invariant), carrier.Name,
                $"{carrier.TrackingPrefix}{order.Salt:000000000}", Stamp(shipped), eta.ToString("yyyy-MM-dd", Invariant),
                order.Stage == OrderStage.Delivered ? Stamp(shipped.AddDays(3).AddHours(5)) : string.Empty, Stamp(order.ModifiedAt),
            ];
        }
    }

    internal static string Write(string folder, string fileName, Encoding encoding, string[] header, IEnumerable<string[]> rows)
    {
        var path = Path.Combine(folder, fileName);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, encoding))
        using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
        {
            csv.WriteHeader(header);
            foreach (var row in rows)
            {
                csv.WriteRecord(row);
            }

            csv.Flush();
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", Invariant);

    internal static string Phone(int i) => i % 2 == 0
        ? $"+86 512 6{i:000} {1000 + (i * 37 % 9000):0000}"
        : $"+86 13{i % 10}{i:0000}{(i * 7919) % 10000:0000}";

    private static Encoding Utf8WithBom => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
