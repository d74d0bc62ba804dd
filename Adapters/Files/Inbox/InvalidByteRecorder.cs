using System.Text;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>
/// A decoder fallback that notes where the first undecodable bytes of a decoded span are, instead of turning them
/// into '?' without a word (issue 16, item 5), and without the cost of an exception per bad line.
/// </summary>
internal sealed class InvalidByteRecorder : DecoderFallback
{
    /// <summary>The index in the last decoded span of its first undecodable byte, or -1.</summary>
    public int FirstInvalid { get; private set; } = -1;

    /// <summary>The undecodable bytes found first.</summary>
    public byte[] FirstBytes { get; private set; } = [];

    public override int MaxCharCount => 1;

    /// <summary>Forgets what the previous span held.</summary>
    public void Reset()
    {
        FirstInvalid = -1;
        FirstBytes = [];
    }

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new InvalidByteRecorderBuffer(this);

    internal void Record(byte[] bytes, int index)
    {
        if (FirstInvalid < 0)
        {
            FirstInvalid = index;
            FirstBytes = bytes;
        }
    }
}
