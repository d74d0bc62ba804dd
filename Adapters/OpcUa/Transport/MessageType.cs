namespace IntegrationHub.Adapters.OpcUa.Transport;

/// <summary>The three-letter message types of the UA-TCP header (Part 6 7.1.2.2), as little-endian 24-bit values.</summary>
internal enum MessageType : uint
{
    Hello = 'H' | ('E' << 8) | ('L' << 16),
    Acknowledge = 'A' | ('C' << 8) | ('K' << 16),
    Error = 'E' | ('R' << 8) | ('R' << 16),
    ReverseHello = 'R' | ('H' << 8) | ('E' << 16),
    Message = 'M' | ('S' << 8) | ('G' << 16),
    OpenSecureChannel = 'O' | ('P' << 8) | ('N' << 16),
    CloseSecureChannel = 'C' | ('L' << 8) | ('O' << 16),
}
