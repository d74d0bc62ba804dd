namespace IntegrationHub.Adapters.Files;

/// <summary>A dropped file that cannot be read at all (no header, duplicate column names); it goes to failed/.</summary>
public sealed class UnreadableFileException(string file, string reason)
    : Exception($"{file}: {reason}")
{
    public string File { get; } = file;

    public string Reason { get; } = reason;
}
