namespace IntegrationHub.Mappings.Tests.Demo;

/// <summary>The mapping files shipped for the demo plant, in deploy/demo/mappings.</summary>
internal static class DemoMappings
{
    public static string Folder { get; } = FindFolder();

    private static readonly Lazy<MappingCatalog> LoadedCatalog = new(() =>
    {
        var result = MappingCatalog.LoadDirectory(Folder);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Catalog;
    });

    public static MappingCatalog Catalog => LoadedCatalog.Value;

    public static SourceMapping Get(string source) =>
        Catalog.Find(source) ?? throw new InvalidOperationException($"No demo mapping declares {source}.");

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
            {
                return Path.Combine(dir.FullName, "deploy", "demo", "mappings");
            }
        }

        throw new InvalidOperationException("The repository root (IntegrationHub.sln) is not above the test binaries.");
    }
}
