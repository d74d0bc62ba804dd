using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>Decodes lines in one encoding and keeps where they hold undecodable bytes, up to a limit.</summary>
internal sealed class LineDecodingCheck
{
    private readonly InvalidByteRecorder _recorder = new();
    private readonly Encoding _encoding;
    private readonly int _limit;
    private readonly Dictionary<int, InvalidBytes> _invalid = [];

    public LineDecodingCheck(string encodingName, int limit)
    {
        _encoding = Encoding.GetEncoding(encodingName, EncoderFallback.ExceptionFallback, _recorder);
        _limit = limit;
    }

    /// <summary>The lines with undecodable bytes, at most the limit of them.</summary>
    public IReadOnlyDictionary<int, InvalidBytes> Invalid => _invalid;

    /// <summary>The first line with undecodable bytes, or null.</summary>
    public InvalidBytes? First { get; private set; }

    /// <summary>Whether more lines than the limit hold undecodable bytes.</summary>
    public bool Overflowed { get; private set; }

    public void Check(ReadOnlySpan<byte> line, int number, long start)
    {
        _recorder.Reset();
        _encoding.GetCharCount(line);
        if (_recorder.FirstInvalid < 0)
        {
            return;
        }

        var found = new InvalidBytes(
            number,
            start + _recorder.FirstInvalid,
            string.Join(' ', _recorder.FirstBytes.Select(b => string.Create(CultureInfo.InvariantCulture, $"0x{b:X2}"))));
        First ??= found;
        if (_invalid.Count < _limit)
        {
            _invalid[number] = found;
        }
        else
        {
            Overflowed = true;
        }
    }
}
