using System.Text;
using IntegrationHub.Adapters.Files.Csv;

namespace IntegrationHub.Adapters.Files.Export;

/// <summary>The text encodings an export folder writes in: what the ERP on the other side reads.</summary>
public static class ExportEncodings
{
    /// <summary>The names accepted in settings.</summary>
    public const string Names = "utf-8, utf-8-bom, gb18030";

    /// <summary>
    /// The encoding named <paramref name="name"/>: <c>utf-8</c> (no byte-order mark), <c>utf-8-bom</c> (what Excel on a
    /// Chinese Windows opens without garbling), <c>gb18030</c> (Kingdee, Yonyou and other Chinese ERPs; a superset of
    /// GBK, so <c>gbk</c> is taken as it). Null for any other name.
    /// </summary>
    public static Encoding? Find(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "UTF-8" or "UTF8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "UTF-8-BOM" or "UTF8-BOM" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        "GB18030" or "GBK" => TextEncodingDetector.Gb18030,
        _ => null,
    };
}
