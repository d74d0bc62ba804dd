using System.Text;

namespace IntegrationHub.Adapters.Files.Csv;

/// <summary>
/// Chooses the text encoding of an ERP export. Chinese ERPs (Kingdee, Yonyou) export GBK or GB18030 without a
/// byte-order mark, everything else UTF-8 with or without one; a GBK file is almost never valid UTF-8, so a
/// strict UTF-8 check of the whole file tells them apart.
/// </summary>
internal static class TextEncodingDetector
{
    private static readonly Lazy<Encoding> s_gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    /// <summary>GB18030, a superset of GBK and GB2312.</summary>
    public static Encoding Gb18030 => s_gb18030.Value;

    /// <summary>Resolves a configured encoding name; throws for an unknown name.</summary>
    public static Encoding? Resolve(string name) => name.Trim().ToUpperInvariant() switch
    {
        "AUTO" or "" => null,
        "UTF-8" or "UTF8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        "GB18030" or "GBK" or "GB2312" or "CP936" => Gb18030,
        _ => throw new ArgumentException(
            $"Unknown encoding '{name}'. Use auto, utf-8 or gb18030 (gbk and gb2312 are read as gb18030).", nameof(name)),
    };

    /// <summary>Detects the encoding of a file: a UTF-8 BOM, else strict UTF-8, else GB18030.</summary>
    public static async Task<Encoding> DetectAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[buffer.Length + 4];
        var first = true;
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (first && read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    return new UTF8Encoding(false);
                }

                first = false;
                decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
    }
}
