namespace IntegrationHub.Hub.Host.Photos;

/// <summary>The picture formats the hub takes, as sniffed from the bytes (never from a file name or a client's word).</summary>
internal enum PhotoFormat
{
    Jpeg,
    Png,
}
