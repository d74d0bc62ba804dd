using System.Globalization;
using IntegrationHub.DemoPlant;

// demo-plant --out FOLDER [--orders N] [--seed N] [--now 2025-10-22T10:00:00+08:00] [--orders-only FILE.csv]
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"Unexpected '{args[i]}'. Usage: demo-plant --out FOLDER [--orders 300] [--seed 42] [--now ISO-8601] [--orders-only FILE.csv]");
        return 64;
    }

    options[args[i][2..]] = args[i + 1];
}

if (!options.TryGetValue("out", out var folder))
{
    Console.Error.WriteLine("Usage: demo-plant --out FOLDER [--orders 300] [--seed 42] [--now ISO-8601] [--orders-only FILE.csv]");
    return 64;
}

var orders = options.TryGetValue("orders", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 300;
var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 42;
var now = options.TryGetValue("now", out var n) ? DateTimeOffset.Parse(n, CultureInfo.InvariantCulture) : TimeProvider.System.GetUtcNow();
var generator = new DemoPlantGenerator(seed, now);
var files = options.TryGetValue("orders-only", out var only)
    ? [generator.WriteOrdersOnly(folder, only, orders)]
    : generator.WriteAll(folder, orders);
foreach (var file in files)
{
    Console.WriteLine($"wrote {file}");
}

return 0;
