using System.Globalization;
using IntegrationHub.DemoPlant;

// demo-plant --out FOLDER [--orders N] [--seed N] [--now 2025-10-22T10:00:00+08:00] [--orders-only FILE.csv] [--dirty-customers N]
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"Unexpected '{args[i]}'. Usage: demo-plant --out FOLDER [--orders 300] [--seed 42] [--now ISO-8601] [--orders-only FILE.csv] [--dirty-customers 220]");
        return 64;
    }

    options[args[i][2..]] = args[i + 1];
}

if (!options.TryGetValue("out", out var folder))
{
    Console.Error.WriteLine("Usage: demo-plant --out FOLDER [--orders 300] [--seed 42] [--now ISO-8601] [--orders-only FILE.csv] [--dirty-customers 220]");
    return 64;
}

var orders = options.TryGetValue("orders", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 300;
var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 42;
var now = options.TryGetValue("now", out var n) ? DateTimeOffset.Parse(n, CultureInfo.InvariantCulture) : TimeProvider.System.GetUtcNow();
if (options.TryGetValue("dirty-customers", out var dirty))
{
    // A dirty customer master with its answer key (issue 23 item 7): tests and the duplicate finder's measurements.
    var set = DirtyCustomerMaster.Make(int.Parse(dirty, CultureInfo.InvariantCulture), seed);
    foreach (var file in DirtyCustomerFiles.Write(folder, set, now.UtcDateTime))
    {
        Console.WriteLine($"wrote {file}");
    }

    Console.WriteLine($"{set.Customers.Count} records, {set.Pairs.Count(p => p.Duplicate)} duplicate pairs, {set.Pairs.Count(p => !p.Duplicate)} hard non-duplicates");
    return 0;
}

var generator = new DemoPlantGenerator(seed, now);
var files = options.TryGetValue("orders-only", out var only)
    ? [generator.WriteOrdersOnly(folder, only, orders)]
    : generator.WriteAll(folder, orders);
foreach (var file in files)
{
    Console.WriteLine($"wrote {file}");
}

return 0;
