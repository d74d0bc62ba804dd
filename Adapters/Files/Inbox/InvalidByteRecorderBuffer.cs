using System.Text;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>Reports undecodable bytes to its <see cref="InvalidByteRecorder"/> and stands one U+FFFD in for them.</summary>
internal sealed class InvalidByteRecorderBuffer(InvalidByteRecorder owner) : DecoderFallbackBuffer
{
    private bool _pending;

    public override int Remaining => _pending ? 1 : 0;

    public override bool Fallback(byte[] bytesUnknown, int index)
    {
        owner.Record(bytesUnknown, index);
        _pending = true;
        return true;
    }

    public override char GetNextChar()
    {
        if (!_pending)
        {
            return '\0';
        }

        _pending = false;
        return '\uFFFD';
    }

    public override bool MovePrevious() => false;

    public override void Reset() => _pending = false;
}
