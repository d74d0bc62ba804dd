using System.Text.RegularExpressions;
using IntegrationHub.Mappings.Tests.Demo;

namespace IntegrationHub.Mappings.Tests;

/// <summary>The YAML of Mappings/README.md is what IT copies; it must load.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void Readme_ReferenceExample_Loads()
    {
        var readme = File.ReadAllText(Path.Combine(DemoMappings.Folder, "..", "..", "..", "Mappings", "README.md"));
        var block = YamlBlock().Match(readme);
        Assert.True(block.Success, "Mappings/README.md has no ```yaml block.");

        var mapping = MappingFiles.LoadSingle(block.Groups[1].Value);

        Assert.Equal("erp-orders", mapping.Source);
        Assert.Equal(new FileSourceOptions { Match = "orders*.csv", Encoding = "gb18030", Delimiter = ',' }, mapping.File);
        Assert.Contains("客户订单号", mapping.Columns);
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
