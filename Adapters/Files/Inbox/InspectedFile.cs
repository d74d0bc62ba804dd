using System.Text;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>What a first pass over a dropped file found, before its rows are read.</summary>
/// <param name="ContentHash">SHA-256 of the content, hex: it keys the file's dead letters (issue 16, item 20).</param>
/// <param name="Length">The bytes read, which the second pass reads no further than.</param>
/// <param name="Encoding">The text encoding to read it with (invalid bytes become U+FFFD), or null for a binary file.</param>
/// <param name="InvalidLines">The lines holding bytes the encoding cannot decode, by line.</param>
internal sealed record InspectedFile(string ContentHash, long Length, Encoding? Encoding, IReadOnlyDictionary<int, InvalidBytes> InvalidLines);
