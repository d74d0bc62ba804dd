using IntegrationHub.Crm.Core.Alarms.Rules;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>An alarm rule as a rule file declared it, with the hub-side settings the core rule does not carry.</summary>
/// <param name="Rule">The core rule the evaluator runs.</param>
/// <param name="RequiredSkill">The roster skill an engineer needs for this alarm's tickets, if any.</param>
/// <param name="Where">The file and line that declared it, for messages.</param>
internal sealed record ConfiguredRule(AlarmRule Rule, string? RequiredSkill, string Where);
