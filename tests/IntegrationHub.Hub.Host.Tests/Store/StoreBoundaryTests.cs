using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 17 item 1: "a store is one folder per database, and nothing outside it writes SQL". Scans the hub's source
/// for ADO.NET, SQLite's provider, the store's connection factory and SQL statements outside the store folders.
/// </summary>
public sealed partial class StoreBoundaryTests
{
    // The folders of Hub.Host that may speak to a database: one per store. (Adapters/Sql polls other databases and
    // is another project; the scan covers Hub.Host only.)
    private static readonly string[] StoreFolders = ["Store/Sqlite/", "Store/PostgreSql/"];

    private static readonly string[] Forbidden =
    [
        "System.Data.Common", "Microsoft.Data.Sqlite", "NpgsqlConnection", "NpgsqlDataSource", "DbConnection", "DbCommand", "DbTransaction", "DbDataReader",
        "SqliteConnection", "CommandText", "IStoreConnectionFactory",
    ];

    [Fact]
    public void NothingOutsideAStoreFolder_UsesTheDatabase()
    {
        var violations = Scan(Path.Combine(TestHub.RepositoryRoot(), "Hub.Host"));

        Assert.True(violations.Count == 0, "Database access outside Hub.Host/Store/<provider>/ (issue 17 item 1); move it behind a store interface:\n"
            + string.Join('\n', violations));
    }

    [Fact]
    public void Scan_NamesFileAndLine_OfEachUse_AndSparesTheStoreFolders()
    {
        var root = Path.Combine(Path.GetTempPath(), "hub-store-boundary-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "Desk"));
            Directory.CreateDirectory(Path.Combine(root, "Store", "Sqlite"));
            Directory.CreateDirectory(Path.Combine(root, "obj"));
            File.WriteAllLines(Path.Combine(root, "Desk", "Leaky.cs"),
            [
                "namespace X;",
                "// A comment may say DbConnection without using it.",
                "internal sealed class Leaky(IStoreConnectionFactory connections)",
                "{",
                "    private const string Sql = \"DELETE FROM desk_users WHERE username = @u\";",
                "}",
            ]);
            File.WriteAllText(Path.Combine(root, "Store", "Sqlite", "Fine.cs"), "using System.Data.Common;\nconst string Sql = \"SELECT 1 FROM entities\";\n");
            File.WriteAllText(Path.Combine(root, "obj", "Generated.cs"), "using Microsoft.Data.Sqlite;\n");

            var violations = Scan(root);

            Assert.Equal(
            [
                $"Desk{Path.DirectorySeparatorChar}Leaky.cs:3: IStoreConnectionFactory",
                $"Desk{Path.DirectorySeparatorChar}Leaky.cs:5: SQL statement",
            ], violations);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every use outside the store folders, as "file:line: what", in file and line order.</summary>
    private static List<string> Scan(string hubHostFolder)
    {
        var violations = new List<string>();
        var files = Directory.EnumerateFiles(hubHostFolder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(hubHostFolder, f))
            .Where(f => !f.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !StoreFolders.Any(s => f.Replace(Path.DirectorySeparatorChar, '/').StartsWith(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(Path.Combine(hubHostFolder, file));
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal))
                {
                    // Comments may name what they explain; only code is checked.
                    continue;
                }

                foreach (var word in Forbidden.Where(w => Regex.IsMatch(code, $@"\b{Regex.Escape(w)}\b")))
                {
                    violations.Add($"{file}:{i + 1}: {word}");
                }

                if (SqlStatement().IsMatch(code))
                {
                    violations.Add($"{file}:{i + 1}: SQL statement");
                }
            }
        }

        return violations;
    }

    // The start of a statement as the store writes them (upper-case keywords and a table): enough to catch SQL
    // moving back out of the store, not English prose in messages.
    [GeneratedRegex(@"\b(SELECT\s+[\w*,\s()]+\s+FROM\s+\w+|INSERT\s+INTO\s+\w+|DELETE\s+FROM\s+\w+|UPDATE\s+\w+\s+SET\s|CREATE\s+(TABLE|INDEX)\s)")]
    private static partial Regex SqlStatement();
}
