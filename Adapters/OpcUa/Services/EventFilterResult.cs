using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 7.22.4 (encoding i=736): SelectClauseResults (StatusCode[], one per select clause; empty when all are good),
/// SelectClauseDiagnosticInfos, WhereClauseResult (ContentFilterResult: ElementResults, each a StatusCode,
/// OperandStatusCodes and OperandDiagnosticInfos; then ElementDiagnosticInfos).
/// </summary>
internal sealed record EventFilterResult(StatusCode[] SelectClauseResults, StatusCode[] WhereClauseResults) : IEncodeable
{
    public const uint EncodingId = 736;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteArray(SelectClauseResults, (x, s) => x.WriteStatusCode(s));
        encoder.WriteInt32(-1);
        encoder.WriteArray(WhereClauseResults, (x, s) =>
        {
            x.WriteStatusCode(s);
            x.WriteInt32(-1);
            x.WriteInt32(-1);
        });
        encoder.WriteInt32(-1);
    }

    public static EventFilterResult Decode(BinaryDecoder d)
    {
        var select = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        var where = d.ReadArrayOrEmpty("ContentFilterElementResult", x =>
        {
            var status = x.ReadStatusCode();
            x.ReadArray("StatusCode", y => y.ReadStatusCode(), 4);
            x.ReadArray("DiagnosticInfo", y => y.ReadDiagnosticInfo());
            return status;
        }, 12);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new EventFilterResult(select, where);
    }
}
