using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.25.3: one event of a monitored item: its ClientHandle and the selected fields, in select-clause order.</summary>
internal sealed record EventFieldList(uint ClientHandle, Variant[] EventFields)
{
    public static EventFieldList Decode(BinaryDecoder d) => new(d.ReadUInt32(), d.ReadArrayOrEmpty("Variant", x => x.ReadVariant()));
}
