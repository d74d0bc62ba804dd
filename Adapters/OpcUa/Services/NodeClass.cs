namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 3 8.29: the class of a node (a bit mask value).</summary>
public enum NodeClass
{
    /// <summary>Not specified.</summary>
    Unspecified = 0,
    /// <summary>Object.</summary>
    Object = 1,
    /// <summary>Variable.</summary>
    Variable = 2,
    /// <summary>Method.</summary>
    Method = 4,
    /// <summary>ObjectType.</summary>
    ObjectType = 8,
    /// <summary>VariableType.</summary>
    VariableType = 16,
    /// <summary>ReferenceType.</summary>
    ReferenceType = 32,
    /// <summary>DataType.</summary>
    DataType = 64,
    /// <summary>View.</summary>
    View = 128,
}
