using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Adapters.Files.Csv;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>
/// The first pass over a dropped file, before any row is stored: its content hash (which keys its dead letters,
/// issue 16 item 20), the size and line-length limits (item 1), its text encoding, and which lines hold bytes that
/// encoding cannot decode (item 5). Memory stays bounded by the longest allowed line.
/// </summary>
internal static class FileInspector
{
    // Beyond this many undecodable lines a file is not a text export in its encoding: refused whole.
    private const int MaxInvalidLines = 10_000;

    /// <summary>Reads <paramref name="stream"/> to its end and leaves it at its start.</summary>
    /// <param name="stream">The file, seekable.</param>
    /// <param name="fileName">The file's name, for errors.</param>
    /// <param name="encodingSetting">The binding's encoding (<c>auto</c>, <c>utf-8</c>, <c>gb18030</c>), or null for a binary file.</param>
    /// <param name="maxFileBytes">The most bytes the file may hold.</param>
    /// <param name="maxRowBytes">The most bytes a line may hold (text files only).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="UnreadableFileException">A limit is passed, or the file is mostly undecodable.</exception>
    public static async Task<InspectedFile> InspectAsync(
        Stream stream, string fileName, string? encodingSetting, long maxFileBytes, int maxRowBytes, CancellationToken cancellationToken)
    {
        var text = encodingSetting is not null;
        _ = TextEncodingDetector.Gb18030; // registers the code-page encodings
        var configured = text ? TextEncodingDetector.Resolve(encodingSetting!) : null;
        var utf8 = text && configured is not { CodePage: 54936 } ? new LineDecodingCheck("utf-8", MaxInvalidLines) : null;
        var gb = text && configured is null or { CodePage: 54936 } ? new LineDecodingCheck("GB18030", MaxInvalidLines) : null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var pending = new ArrayBufferWriter<byte>();
        long offset = 0, lineStart = 0;
        int line = 1, read;
        var bom = false;
        try
        {
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, 1 << 16), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (offset + read > maxFileBytes)
                {
                    throw new UnreadableFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                        $"it grew past Hub:Files:MaxFileBytes ({maxFileBytes:N0} bytes) while being read"));
                }

                hash.AppendData(buffer, 0, read);
                if (text)
                {
                    if (offset == 0 && read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        // A UTF-8 byte-order mark decides the encoding, whatever the binding says (as StreamReader does).
                        bom = true;
                        utf8 ??= new LineDecodingCheck("utf-8", MaxInvalidLines);
                        gb = null;
                    }

                    var block = buffer.AsSpan(0, read);
                    var position = 0;
                    while (position < block.Length)
                    {
                        var rest = block[position..];
                        var newline = rest.IndexOf((byte)'\n');
                        var piece = newline < 0 ? rest : rest[..newline];
                        if (pending.WrittenCount + piece.Length > maxRowBytes)
                        {
                            throw new UnreadableFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                                $"line {line} is longer than Hub:Files:MaxRowBytes ({maxRowBytes:N0} bytes), which no export row is; nothing of the file was stored"));
                        }

                        if (newline < 0)
                        {
                            pending.Write(piece);
                            break;
                        }

                        if (pending.WrittenCount == 0)
                        {
                            CheckLine(piece, line, lineStart, utf8, gb);
                        }
                        else
                        {
                            pending.Write(piece);
                            CheckLine(pending.WrittenSpan, line, lineStart, utf8, gb);
                            pending.ResetWrittenCount();
                        }

                        position += newline + 1;
                        lineStart = offset + position;
                        line++;
                    }
                }

                offset += read;
            }

            if (pending.WrittenCount > 0)
            {
                CheckLine(pending.WrittenSpan, line, lineStart, utf8, gb);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        stream.Seek(0, SeekOrigin.Begin);
        var contentHash = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!text)
        {
            return new InspectedFile(contentHash, offset, null, new Dictionary<int, InvalidBytes>());
        }

        // auto: a UTF-8 BOM, else strict UTF-8 when every line is, else GB18030 (a GBK file is almost never valid UTF-8).
        var useUtf8 = bom || configured is { CodePage: 65001 } || (configured is null && utf8!.First is null);
        var check = useUtf8 ? utf8! : gb!;
        if (check.Overflowed)
        {
            var first = check.First!;
            throw new UnreadableFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                $"more than {MaxInvalidLines:N0} lines hold bytes that are not valid {(useUtf8 ? "UTF-8" : "GB18030")} (the first at line {first.Line}, byte offset {first.Offset}: {first.Bytes}); it is not a text export in that encoding; check 'file.encoding' in the mapping"));
        }

        var encoding = useUtf8
            ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            : Encoding.GetEncoding("GB18030", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
        return new InspectedFile(contentHash, offset, encoding, check.Invalid);
    }

    private static void CheckLine(ReadOnlySpan<byte> line, int number, long start, LineDecodingCheck? utf8, LineDecodingCheck? gb)
    {
        utf8?.Check(line, number, start);
        gb?.Check(line, number, start);
    }
}
