using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 7.22.3 (encoding i=727): SelectClauses (SimpleAttributeOperand[]: the fields each event notification
/// carries, in this order) and WhereClause (ContentFilter, Part 4 7.7: Elements, each a FilterOperator and its
/// operands as ExtensionObjects; element 0 is the root of the expression).
/// </summary>
internal sealed record EventFilter(IReadOnlyList<SimpleAttributeOperand> SelectClauses, IReadOnlyList<(FilterOperator Operator, IReadOnlyList<IEncodeable> Operands)> WhereClause) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(727);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteArray(SelectClauses, (x, clause) => clause.Encode(x)); // structures, not ExtensionObjects
        encoder.WriteArray(WhereClause, (x, element) =>
        {
            x.WriteInt32((int)element.Operator);                                   // FilterOperator: Enumeration
            x.WriteArray(element.Operands, (y, operand) => y.WriteExtensionObject(operand)); // FilterOperands: ExtensionObject[]
        });
    }
}
