using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

/// <summary>
/// The dirty customer master of issue 23 item 7 and its answer key, as committed in Data/ (made by
/// <c>demo-plant --dirty-customers 220 --seed 23</c>; the key comes from how the records were made).
/// </summary>
internal static class DirtyCustomerMaster
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Customers", "Cleanup", "Data");

    public static IReadOnlyList<Customer> Customers() =>
        [.. Rows("dirty-customers.tsv").Select(f => new Customer
        {
            Code = f[0], Name = f[1], Region = Empty(f[2]), Email = Empty(f[3]), Phone = Empty(f[4]), Address = Empty(f[5]), Notes = Empty(f[6]),
        })];

    /// <summary>Each pair of the key: the two codes in order, whether they are one company, and how they were made.</summary>
    public static IReadOnlyList<(string First, string Second, bool Duplicate, string Kind)> Pairs() =>
        [.. Rows("dirty-customers.answers.tsv").Select(f => (f[0], f[1], f[2] == "yes", f[3]))];

    private static IEnumerable<string[]> Rows(string file) =>
        File.ReadAllLines(Path.Combine(Folder, file)).Skip(1).Select(line => line.Split('\t'));

    private static string? Empty(string field) => field.Length == 0 ? null : field;
}
