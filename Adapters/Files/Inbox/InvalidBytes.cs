namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>Where a line holds bytes that its encoding cannot decode.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Offset">The 0-based byte offset in the file of the first undecodable byte.</param>
/// <param name="Bytes">The undecodable bytes, as hex (<c>0xFF 0x30</c>).</param>
internal sealed record InvalidBytes(int Line, long Offset, string Bytes);
