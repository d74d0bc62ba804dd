using System.Text;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Mappings.Tests;

/// <summary>Mapping files written to a temporary folder, and records to map with them.</summary>
internal sealed class MappingFiles : IDisposable
{
    public static readonly DateTimeOffset ReceivedAt = new(2025, 10, 22, 0, 0, 0, TimeSpan.Zero);

    public MappingFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ih-mappings-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Writes a file and returns its path.</summary>
    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, yaml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    /// <summary>Loads one mapping file and fails the test with the load errors if it is invalid.</summary>
    public static SourceMapping LoadSingle(string yaml)
    {
        using var files = new MappingFiles();
        var result = MappingCatalog.Load([files.Write("mapping.yaml", yaml)]);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return Assert.Single(result.Catalog.Mappings);
    }

    /// <summary>Loads one mapping file that must be invalid and returns its errors.</summary>
    public static IReadOnlyList<MappingError> LoadErrors(string yaml)
    {
        using var files = new MappingFiles();
        var result = MappingCatalog.Load([files.Write("mapping.yaml", yaml)]);
        Assert.False(result.IsValid);
        Assert.Null(result.Catalog);
        return result.Errors;
    }

    public static SourceRecord Record(string source, params (string Column, string? Value)[] fields) =>
        new(source, "test.csv:2", fields.ToDictionary(f => f.Column, f => f.Value), ReceivedAt);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
