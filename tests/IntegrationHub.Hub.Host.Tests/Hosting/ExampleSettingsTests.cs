using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 19 item 4: <c>deploy/appsettings.example.json</c> is complete and cannot drift. Loaded through the real JSON
/// configuration provider (comments and all): every key in it is a setting, every setting of every section of
/// <see cref="HubSettingsSections.All"/> is in it, and its values under <c>Hub</c> are the defaults.
/// </summary>
public sealed class ExampleSettingsTests
{
    private static IConfigurationRoot ExampleFile() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestHub.RepositoryRoot(), "deploy", "appsettings.example.json"), optional: false)
            .Build();

    [Fact]
    public void ExampleFile_EveryKeyUnderHub_IsASetting()
    {
        Assert.Empty(UnknownSettings.Find(ExampleFile()));
    }

    [Fact]
    public void ExampleFile_EveryKeyOfTheExamples_IsASetting()
    {
        var examples = ExampleSettingsCheck.ExamplesOf(ExampleFile());

        Assert.NotEmpty(examples.GetSection(HubOptions.Section).GetChildren());
        Assert.Empty(UnknownSettings.Find(examples));
    }

    [Fact]
    public void ExampleFile_EverySettingOfEverySection_PresentWithItsDefaultOrAnExample()
    {
        var problems = ExampleSettingsCheck.Problems(ExampleFile(), HubSettingsSections.All);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ExampleFile_AsTheHubsOwnSettings_BindsToTheDefaults()
    {
        // The file is a working settings file as it stands: what it sets under Hub is what the hub would do unset.
        var bound = ExampleFile().GetSection(HubOptions.Section).Get<HubOptions>()!;

        Assert.Empty(HubOptionsValidator.Validate(bound));
        Assert.Equal(new HubOptions().Portal, bound.Portal);
        Assert.Equal(new HubOptions().Store, bound.Store);
    }

    [Fact]
    public void Check_ASettingTheFileLacks_ReportedWithItsPathAndDefault()
    {
        // The guard itself: a section type with a property the file does not hold is reported (as a new property of a
        // real option type would be).
        var problems = ExampleSettingsCheck.Problems(ExampleFile(), [new HubSettingsSection("Hub:Future", typeof(FutureOptions))]);

        Assert.Contains("Hub:Future:Interval is missing under Hub: add it with its default, 00:00:07.", problems);
        Assert.Contains("Hub:Future:Name has no default: add an example of it under Examples:Hub:Future:Name.", problems);
        Assert.Contains("Hub:Future:Targets:0 has no default: add an example of it under Examples:Hub:Future:Targets:0.", problems);
    }

    [Fact]
    public void Check_AValueThatIsNotTheDefault_Reported()
    {
        var file = new ConfigurationBuilder().AddInMemoryCollection([
            new("Hub:Future:Interval", "00:00:09"),
            new("Examples:Hub:Future:Name", "n"),
            new("Examples:Hub:Future:Targets:0", "t"),
        ]).Build();

        var problem = Assert.Single(ExampleSettingsCheck.Problems(file, [new HubSettingsSection("Hub:Future", typeof(FutureOptions))]));
        Assert.Equal("Hub:Future:Interval is 00:00:09 in the file, but its default is 00:00:07.", problem);
    }

    private sealed record FutureOptions
    {
        public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(7);

        public string? Name { get; init; }

        public IReadOnlyList<string> Targets { get; init; } = [];
    }
}
