using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>The alarm rules of the rule files, loaded and validated once; the hub refuses to start on any error.</summary>
internal sealed class HubRules
{
    public HubRules(HubOptions options)
    {
        Folder = options.Resolve(options.Rules.Folder);
        var set = RuleFileReader.LoadDirectory(Folder);
        if (set.Errors.Count > 0)
        {
            throw new HubConfigurationException($"{set.Errors.Count} problem(s) in the alarm rule files of {Folder}", set.Errors);
        }

        Rules = set.Rules;
    }

    public string Folder { get; }

    public IReadOnlyList<ConfiguredRule> Rules { get; }
}
