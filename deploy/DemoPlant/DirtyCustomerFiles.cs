using System.Globalization;
using System.Text;

namespace IntegrationHub.DemoPlant;

/// <summary>
/// Writes a <see cref="DirtyCustomerSet"/>: <c>customers-dirty.csv</c> in the shape of the demo's customer mapping (for
/// a hub's inbox), and <c>dirty-customers.tsv</c> with its answer key <c>dirty-customers.answers.tsv</c> (for tests,
/// which read them without a CSV library: no field holds a tab or a line break).
/// </summary>
internal static class DirtyCustomerFiles
{
    public const string TestRecords = "dirty-customers.tsv";
    public const string TestAnswers = "dirty-customers.answers.tsv";
    public const string HubExport = "customers-dirty.csv";

    public static IReadOnlyList<string> Write(string folder, DirtyCustomerSet set, DateTime modifiedAt)
    {
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(false);
        var records = Path.Combine(folder, TestRecords);
        File.WriteAllLines(records, ["Code\tName\tRegion\tEmail\tPhone\tAddress\tNotes", .. set.Customers.Select(TsvLine)], utf8);
        var answers = Path.Combine(folder, TestAnswers);
        File.WriteAllLines(answers, ["First\tSecond\tDuplicate\tKind", .. set.Pairs.Select(p => $"{p.First}\t{p.Second}\t{(p.Duplicate ? "yes" : "no")}\t{p.Kind}")], utf8);
        return [records, answers, WriteExport(folder, set.Customers, modifiedAt)];
    }

    /// <summary>The records as the demo's customer export (<c>customers*.csv</c>), written whole and then renamed.</summary>
    public static string WriteExport(string folder, IEnumerable<DirtyCustomer> customers, DateTime modifiedAt, string fileName = HubExport) =>
        DemoPlantGenerator.Write(folder, fileName, new UTF8Encoding(true),
            ["CustomerCode", "Name", "Tier", "Region", "Email", "Phone", "Language", "ModifiedAt", "Address", "Notes"],
            customers.Select(c => new[]
            {
                c.Code, c.Name, "Standard", c.Region, c.Email ?? string.Empty, c.Phone ?? string.Empty, "zh-CN",
                modifiedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), c.Address ?? string.Empty, c.Notes ?? string.Empty,
            }));

    private static string TsvLine(DirtyCustomer c) =>
        string.Join('\t', c.Code, c.Name, c.Region, c.Email ?? string.Empty, c.Phone ?? string.Empty, c.Address ?? string.Empty, c.Notes ?? string.Empty);
}
