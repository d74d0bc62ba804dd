using System.Diagnostics.CodeAnalysis;
using IntegrationHub.Adapters.OpcUa.Conditions;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// Which machine and alarm a condition event is about: the settings' SourceName table
/// (<see cref="SourceTableConditionMap"/>) or, in the hub, the site's mapping file of the condition events.
/// </summary>
public interface IConditionSourceMap
{
    /// <summary>
    /// The machine and alarm of <paramref name="condition"/>, or why it has none (an unknown source, a value the mapping
    /// refuses), naming the field, as the dead letter's reason.
    /// </summary>
    bool TryMap(ConditionEvent condition, [NotNullWhen(true)] out ConditionMachine? machine, [NotNullWhen(false)] out string? error);
}
