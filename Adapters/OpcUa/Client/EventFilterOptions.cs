using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// What an event monitored item reports (Part 4 7.22.3, EventFilter): the fields each event carries, in this order,
/// and a where clause whose element 0 is the root of the test (no elements: every event).
/// </summary>
/// <param name="Select">The fields of each event, in order; an event delivers one value per field (null where its type has none).</param>
/// <param name="Where">The where clause, element 0 first.</param>
public sealed record EventFilterOptions(IReadOnlyList<EventField> Select, IReadOnlyList<EventFilterElement> Where)
{
    /// <summary>Events of <paramref name="eventType"/> and its subtypes only: a where clause of one OfType element.</summary>
    public static IReadOnlyList<EventFilterElement> OfType(NodeId eventType) =>
        [new EventFilterElement(FilterOperator.OfType, [EventFilterOperand.Literal(new Variant(BuiltInType.NodeId, eventType))])];

    internal EventFilter ToFilter() => new(
        Select.Select(f => f.ToOperand()).ToList(),
        Where.Select(e => (e.Operator, (IReadOnlyList<IEncodeable>)e.Operands.Select(o => o.ToEncodeable()).ToList())).ToList());
}
