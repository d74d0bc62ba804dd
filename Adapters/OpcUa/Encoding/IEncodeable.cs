namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>A structure with a UA Binary encoding (Part 6 5.2.6): fields in order, no padding.</summary>
internal interface IEncodeable
{
    /// <summary>The NodeId of the "Default Binary" encoding object of the structure's DataType.</summary>
    NodeId BinaryEncodingId { get; }

    /// <summary>Writes the fields in the order of the specification.</summary>
    void Encode(BinaryEncoder encoder);
}
