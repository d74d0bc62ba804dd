using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.33: the common header of every request.</summary>
internal sealed class RequestHeader
{
    public NodeId AuthenticationToken { get; set; } = NodeId.Null;

    public DateTime Timestamp { get; set; }

    public uint RequestHandle { get; set; }

    public uint ReturnDiagnostics { get; set; }

    public string? AuditEntryId { get; set; }

    public uint TimeoutHint { get; set; }

    public void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(AuthenticationToken);
        e.WriteDateTime(Timestamp);
        e.WriteUInt32(RequestHandle);
        e.WriteUInt32(ReturnDiagnostics);
        e.WriteString(AuditEntryId);
        e.WriteUInt32(TimeoutHint);
        e.WriteExtensionObject((ExtensionObject?)null); // AdditionalHeader
    }
}
