using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Conditions;

/// <summary>
/// The event filter of an alarm-condition item and the reading of its events (Part 9): the select clauses by browse
/// path from BaseEventType, ConditionType, AcknowledgeableConditionType and AlarmConditionType, and a where clause that
/// passes conditions and the ConditionRefresh markers only.
/// </summary>
public static class ConditionFields
{
    private static readonly NodeId Base = WellKnownNodeIds.BaseEventType;
    private static readonly NodeId Condition = WellKnownNodeIds.ConditionType;

    // The order of the select clauses; Read takes the fields by these indexes.
    private const int EventIdField = 0, EventTypeField = 1, SourceNameField = 2, TimeField = 3, MessageField = 4, SeverityField = 5,
        ConditionIdField = 6, ConditionNameField = 7, BranchIdField = 8, RetainField = 9, EnabledField = 10, AckedField = 11,
        ConfirmedField = 12, ActiveField = 13;

    /// <summary>The filter: 14 fields, and where (OfType ConditionType) or (OfType RefreshStartEventType) or (OfType RefreshEndEventType).</summary>
    public static EventFilterOptions Filter { get; } = new(
        [
            EventField.Of(Base, "EventId"),
            EventField.Of(Base, "EventType"),
            EventField.Of(Base, "SourceName"),
            EventField.Of(Base, "Time"),
            EventField.Of(Base, "Message"),
            EventField.Of(Base, "Severity"),
            EventField.ConditionId,
            EventField.Of(Condition, "ConditionName"),
            EventField.Of(Condition, "BranchId"),
            EventField.Of(Condition, "Retain"),
            EventField.Of(Condition, "EnabledState/Id"),
            EventField.Of(WellKnownNodeIds.AcknowledgeableConditionType, "AckedState/Id"),
            EventField.Of(WellKnownNodeIds.AcknowledgeableConditionType, "ConfirmedState/Id"),
            EventField.Of(WellKnownNodeIds.AlarmConditionType, "ActiveState/Id"),
        ],
        [
            new EventFilterElement(FilterOperator.Or, [EventFilterOperand.Element(1), EventFilterOperand.Element(2)]),
            OfType(Condition),
            new EventFilterElement(FilterOperator.Or, [EventFilterOperand.Element(3), EventFilterOperand.Element(4)]),
            OfType(WellKnownNodeIds.RefreshStartEventType),
            OfType(WellKnownNodeIds.RefreshEndEventType),
        ]);

    /// <summary>
    /// Reads one event delivered for an item made with <see cref="Filter"/>. A field of the wrong type, a missing
    /// required field or too few fields make the event Invalid with the field's name and what came instead; nothing throws.
    /// </summary>
    public static ConditionReading Read(IReadOnlyList<Variant> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != Filter.Select.Count)
        {
            return Invalid($"the event has {fields.Count} fields where {Filter.Select.Count} were selected");
        }

        if (fields[EventTypeField].Value is not NodeId eventType)
        {
            return Invalid(Wrong("EventType", "a NodeId", fields[EventTypeField]));
        }

        if (eventType == WellKnownNodeIds.RefreshStartEventType)
        {
            return new ConditionReading(ConditionEventKind.RefreshStart);
        }

        if (eventType == WellKnownNodeIds.RefreshEndEventType)
        {
            return new ConditionReading(ConditionEventKind.RefreshEnd);
        }

        var errors = new List<string>();
        var reading = new ConditionEvent
        {
            EventId = Required<byte[]>(fields, EventIdField, "EventId", "a ByteString", errors) ?? [],
            EventType = eventType,
            ConditionId = Required<NodeId>(fields, ConditionIdField, "ConditionId", "a NodeId", errors) ?? NodeId.Null,
            ConditionName = Required<string>(fields, ConditionNameField, "ConditionName", "a String", errors) ?? string.Empty,
            SourceName = Required<string>(fields, SourceNameField, "SourceName", "a String", errors) ?? string.Empty,
            Time = Required<DateTime?>(fields, TimeField, "Time", "a DateTime", errors) ?? DateTime.MinValue,
            Message = Optional<LocalizedText>(fields, MessageField, "Message", "a LocalizedText", errors)?.Text,
            Severity = Required<ushort?>(fields, SeverityField, "Severity", "a UInt16", errors) ?? 0,
            BranchId = Optional<NodeId>(fields, BranchIdField, "BranchId", "a NodeId", errors) ?? NodeId.Null,
            Retain = Required<bool?>(fields, RetainField, "Retain", "a Boolean", errors) ?? false,
            Enabled = Optional<bool?>(fields, EnabledField, "EnabledState/Id", "a Boolean", errors) ?? true,
            Acked = Optional<bool?>(fields, AckedField, "AckedState/Id", "a Boolean", errors) ?? true,
            Confirmed = Optional<bool?>(fields, ConfirmedField, "ConfirmedState/Id", "a Boolean", errors),
            Active = Required<bool?>(fields, ActiveField, "ActiveState/Id", "a Boolean (is the condition an AlarmConditionType?)", errors) ?? false,
        };
        if (reading.ConditionId.IsNull && errors.Count == 0)
        {
            errors.Add("ConditionId is the null NodeId");
        }

        if (reading.Severity is < 1 or > 1000 && errors.Count == 0)
        {
            errors.Add($"Severity is {reading.Severity}, outside 1-1000 (Part 5 6.4.2)");
        }

        return errors.Count == 0 ? new ConditionReading(ConditionEventKind.Condition, reading) : Invalid(string.Join("; ", errors));
    }

    private static EventFilterElement OfType(NodeId type) => EventFilterOptions.OfType(type)[0];

    private static ConditionReading Invalid(string error) => new(ConditionEventKind.Invalid, Error: error);

    private static T? Required<T>(IReadOnlyList<Variant> fields, int index, string name, string expected, List<string> errors)
    {
        if (fields[index].IsNull)
        {
            errors.Add($"{name} is missing (null) where {expected} is required");
            return default;
        }

        return Optional<T>(fields, index, name, expected, errors);
    }

    private static T? Optional<T>(IReadOnlyList<Variant> fields, int index, string name, string expected, List<string> errors)
    {
        var field = fields[index];
        if (field.IsNull)
        {
            return default;
        }

        if (!field.IsArray && field.Value is T value)
        {
            return value;
        }

        errors.Add(Wrong(name, expected, field));
        return default;
    }

    private static string Wrong(string name, string expected, Variant found) =>
        $"{name} is {(found.IsArray ? "an array of " : string.Empty)}{found.Type} where {expected} was expected";
}
