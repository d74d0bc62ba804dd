namespace IntegrationHub.Hub.Host.Rules;

/// <summary>The rules of every rule file, or the errors that keep the hub from starting.</summary>
internal sealed record RuleSet(IReadOnlyList<ConfiguredRule> Rules, IReadOnlyList<string> Errors);
