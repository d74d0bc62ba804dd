using System.Diagnostics.CodeAnalysis;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Conditions;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// The simple form (<see cref="MesAlarmOptions.Sources"/>): SourceName → asset id from the settings, the code is the
/// ConditionName and the severity the event's.
/// </summary>
public sealed class SourceTableConditionMap(IReadOnlyDictionary<string, string> sources) : IConditionSourceMap
{
    /// <inheritdoc/>
    public bool TryMap(ConditionEvent condition, [NotNullWhen(true)] out ConditionMachine? machine, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!sources.TryGetValue(condition.SourceName, out var asset) || string.IsNullOrWhiteSpace(asset))
        {
            machine = null;
            error = $"Condition source '{LogText.Escape(Quoted(condition.SourceName))}' is not mapped to a machine; add it to Hub:Mes:Alarms:Sources (SourceName -> asset id).";
            return false;
        }

        machine = new ConditionMachine(asset, condition.ConditionName, condition.Severity);
        error = null;
        return true;
    }

    // A dead letter's reason names the source; it does not copy a hostile 100k SourceName.
    private static string Quoted(string name) =>
        name.Length <= ConditionTracker.MaxReferenceNameLength ? name : string.Concat(name.AsSpan(0, ConditionTracker.MaxReferenceNameLength), "…");
}
