using System.Text.RegularExpressions;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Tests.Demo;

namespace IntegrationHub.Mappings.Tests;

/// <summary>The examples of Mappings/README.md are what people copy; they must load, compile and run.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme =
        File.ReadAllText(Path.Combine(DemoMappings.Folder, "..", "..", "..", "Mappings", "README.md")).ReplaceLineEndings("\n");

    [Fact]
    public void Readme_ReferenceExample_Loads()
    {
        var block = YamlBlock().Match(Readme);
        Assert.True(block.Success, "Mappings/README.md has no ```yaml block.");

        var mapping = MappingFiles.LoadSingle(block.Groups[1].Value);

        Assert.Equal("erp-orders", mapping.Source);
        Assert.Equal(new FileSourceOptions { Match = "orders*.csv", Encoding = "gb18030", Delimiter = ',' }, mapping.File);
        Assert.Contains("客户订单号", mapping.Columns);
    }

    [Fact]
    public void Readme_CSharpExample_IsTheCompiledCopyBelow()
    {
        var block = CSharpBlock().Match(Readme);
        Assert.True(block.Success, "Mappings/README.md has no ```csharp block.");
        var source = File.ReadAllText(Path.Combine(DemoMappings.Folder, "..", "..", "..", "tests", "IntegrationHub.Mappings.Tests", "ReadmeTests.cs"))
            .ReplaceLineEndings("\n");
        var copy = CopyInThisFile().Match(source).Groups[1].Value;

        var unindented = string.Concat(copy.Split('\n').Select(l => (l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l) + "\n"));
        Assert.Equal(block.Groups[1].Value, unindented.TrimEnd('\n') + "\n");
    }

    [Fact]
    public void Readme_CSharpExample_StoresGoodRowsAndDeadLettersBadOnes()
    {
        const string Header = "CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt";
        SourceRecord Row(string line) => new(
            "erp-customers", "customers.csv:2",
            Header.Split(',').Zip(line.Split(',')).ToDictionary(p => p.First, p => (string?)p.Second), MappingFiles.ReceivedAt);
        var stored = new List<CanonicalChange>();
        var dead = new List<(SourceRecord, IReadOnlyList<FieldError>)>();

        var exit = Import(
            DemoMappings.Folder,
            [Row("C-1,Acme,Gold,EU,,,,2025-10-22 09:00:00"), Row("C-2,,Platinum,EU,,,,yesterday")],
            stored.Add,
            (r, e) => dead.Add((r, e)));

        Assert.Equal(0, exit);
        Assert.Equal("C-1", Assert.Single(stored).Entity.Key);
        Assert.Equal(3, Assert.Single(dead).Item2.Count);
    }

    // README:begin
    static int Import(
        string folder,
        IEnumerable<SourceRecord> records,
        Action<CanonicalChange> store,
        Action<SourceRecord, IReadOnlyList<FieldError>> deadLetter)
    {
        var result = MappingCatalog.LoadDirectory(folder);
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                // mappings/orders.yaml:12:38: date format 'yyyy-mm-dd' uses 'mm', which means minutes; ...
                Console.Error.WriteLine(error);
            }

            return 1; // the hub refuses to start on an invalid mapping
        }

        foreach (var record in records)
        {
            // or result.Catalog.Find("erp-orders")!.Map(record)
            var mapped = result.Catalog.Map(record);
            if (mapped.Succeeded)
            {
                // CanonicalChange(entity, SourceStamp(source, timestamp, reference))
                store(mapped.Change);
            }
            else
            {
                // every bad field of the row, for example
                // column 交货日期 (PromisedDate): '2025-13-40' is not a date in format yyyyMMdd or excel-serial
                deadLetter(record, mapped.Errors);
            }
        }

        return 0;
    }
    // README:end

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("// README:begin\\n(.*?)    // README:end", RegexOptions.Singleline)]
    private static partial Regex CopyInThisFile();
}
