using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>One element of an event filter's where clause (Part 4 7.7.2, ContentFilterElement): an operator and its operands.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operands">Its operands, as many as the operator takes (Part 4 Table 119).</param>
public sealed record EventFilterElement(FilterOperator Operator, IReadOnlyList<EventFilterOperand> Operands);
