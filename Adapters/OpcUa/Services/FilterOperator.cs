namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>The operators of a content filter element (Part 4 7.7.3, Table 119), with their wire values.</summary>
public enum FilterOperator
{
    /// <summary>Operand 0 equals operand 1.</summary>
    Equals = 0,
    /// <summary>Operand 0 is null.</summary>
    IsNull = 1,
    /// <summary>Operand 0 is greater than operand 1.</summary>
    GreaterThan = 2,
    /// <summary>Operand 0 is less than operand 1.</summary>
    LessThan = 3,
    /// <summary>Operand 0 is greater than or equal to operand 1.</summary>
    GreaterThanOrEqual = 4,
    /// <summary>Operand 0 is less than or equal to operand 1.</summary>
    LessThanOrEqual = 5,
    /// <summary>Operand 0 matches the pattern in operand 1.</summary>
    Like = 6,
    /// <summary>Operand 0 is false.</summary>
    Not = 7,
    /// <summary>Operand 0 lies between operands 1 and 2.</summary>
    Between = 8,
    /// <summary>Operand 0 equals one of the other operands.</summary>
    InList = 9,
    /// <summary>Both operands are true.</summary>
    And = 10,
    /// <summary>Either operand is true.</summary>
    Or = 11,
    /// <summary>Operand 0 converted to the type of operand 1.</summary>
    Cast = 12,
    /// <summary>The target is in the view of operand 0.</summary>
    InView = 13,
    /// <summary>The event is of the type in operand 0 or a subtype of it.</summary>
    OfType = 14,
    /// <summary>Related to (not used by events).</summary>
    RelatedTo = 15,
    /// <summary>Bitwise AND.</summary>
    BitwiseAnd = 16,
    /// <summary>Bitwise OR.</summary>
    BitwiseOr = 17,
}
