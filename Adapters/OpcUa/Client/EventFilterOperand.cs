using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>An operand of a where-clause element (Part 4 7.7.4): a constant, an event field, or another element's result.</summary>
public sealed class EventFilterOperand
{
    private readonly IEncodeable _operand;

    private EventFilterOperand(IEncodeable operand, string text)
    {
        _operand = operand;
        Text = text;
    }

    /// <summary>How the operand reads in an error message.</summary>
    public string Text { get; }

    /// <summary>A constant (LiteralOperand), for example the NodeId of an event type for OfType.</summary>
    public static EventFilterOperand Literal(Variant value) => new(new LiteralOperand(value), $"literal {value}");

    /// <summary>The value of an event field (SimpleAttributeOperand).</summary>
    public static EventFilterOperand Field(EventField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new(field.ToOperand(), $"field {field}");
    }

    /// <summary>The result of the element at <paramref name="index"/> of the same where clause (ElementOperand).</summary>
    public static EventFilterOperand Element(uint index) => new(new ElementOperand(index), $"element {index}");

    /// <inheritdoc />
    public override string ToString() => Text;

    internal IEncodeable ToEncodeable() => _operand;
}
