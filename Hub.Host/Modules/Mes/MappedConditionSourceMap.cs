using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// A condition event through the site's mapping file (<c>Hub:Mes:Alarms:Mapping</c>, target <c>MachineAlarm</c>): the
/// event's fields are the record's columns (<see cref="Columns"/>), so that a value map or a default turns the server's
/// SourceName into the hub's asset id and may derive the code and the severity. An event the mapping refuses is a dead
/// letter whose reason carries the mapping's errors, each naming its column and field.
/// </summary>
internal sealed class MappedConditionSourceMap : IConditionSourceMap
{
    /// <summary>The columns a condition event gives its mapping, in the order docs/adapters/opcua-mes.md lists them.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["sourceName", "conditionName", "severity", "message", "time", "active", "acked", "enabled", "retain", "conditionId", "eventType"];

    private readonly SourceMapping _mapping;
    private readonly TimeProvider _time;

    public MappedConditionSourceMap(SourceMapping mapping, string setting, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Targets is not [{ Kind: EntityKind.MachineAlarm }])
        {
            throw new HubConfigurationException(
                "1 problem(s) in the hub's settings",
                [$"{setting} is '{mapping.Source}', whose mapping ({mapping.FilePath}) makes {string.Join(" + ", mapping.Targets.Select(t => t.Kind))}; condition events need a mapping with the one target {nameof(EntityKind.MachineAlarm)}."]);
        }

        _mapping = mapping;
        _time = time;
    }

    /// <summary>The event's fields as the mapping's record: numbers and times invariant, flags true or false.</summary>
    public static Dictionary<string, string?> Fields(ConditionEvent condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["sourceName"] = condition.SourceName,
            ["conditionName"] = condition.ConditionName,
            ["severity"] = condition.Severity.ToString(CultureInfo.InvariantCulture),
            ["message"] = condition.Message,
            ["time"] = condition.Time == DateTime.MinValue ? null : DateTime.SpecifyKind(condition.Time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            ["active"] = Flag(condition.Active),
            ["acked"] = Flag(condition.Acked),
            ["enabled"] = Flag(condition.Enabled),
            ["retain"] = Flag(condition.Retain),
            ["conditionId"] = condition.ConditionId.ToString(),
            ["eventType"] = condition.EventType.ToString(),
        };
    }

    public bool TryMap(ConditionEvent condition, [NotNullWhen(true)] out ConditionMachine? machine, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(condition);
        machine = null;
        var reference = $"{LogText.Escape(Cut(condition.SourceName))}/{LogText.Escape(Cut(condition.ConditionName))}";
        var mapped = _mapping.Map(new SourceRecord(_mapping.Source, reference, Fields(condition), _time.GetUtcNow()));
        if (!mapped.Succeeded)
        {
            error = $"Condition {reference} does not map through the mapping {_mapping.Source} ({Path.GetFileName(_mapping.FilePath)}): {string.Join("; ", mapped.Errors)}";
            return false;
        }

        var alarm = (MachineAlarm)mapped.Change.Entity;
        if (alarm.Severity is < MachineAlarm.MinSeverity or > MachineAlarm.MaxSeverity)
        {
            error = $"Condition {reference} does not map through the mapping {_mapping.Source} ({Path.GetFileName(_mapping.FilePath)}): Severity is {alarm.Severity}, outside {MachineAlarm.MinSeverity}-{MachineAlarm.MaxSeverity} (OPC UA Part 5 6.4.2).";
            return false;
        }

        machine = new ConditionMachine(alarm.AssetId, alarm.Code, (ushort)alarm.Severity, alarm.Message);
        error = null;
        return true;
    }

    private static string Flag(bool value) => value ? "true" : "false";

    // A reference names the event, not a copy of a hostile 100k SourceName.
    private static string Cut(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
