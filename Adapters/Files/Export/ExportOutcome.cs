namespace IntegrationHub.Adapters.Files.Export;

/// <summary>
/// What one write to an export folder did. Expected failures are values: <see cref="IsTransient"/> says whether a later
/// attempt may pass (a full disk, a share that hiccupped), never the error's text.
/// </summary>
public sealed record ExportOutcome
{
    /// <summary>The file's final name in the folder.</summary>
    public required string FileName { get; init; }

    /// <summary>The file is in the folder: written now, or found there already (<see cref="AlreadyThere"/>).</summary>
    public bool Done => Error is null;

    /// <summary>A file of that name was there already, from an earlier attempt of the same message: nothing was written.</summary>
    public bool AlreadyThere { get; init; }

    /// <summary>Why nothing was written, naming the folder and the fix; null when <see cref="Done"/>.</summary>
    public string? Error { get; init; }

    public bool IsTransient { get; init; }
}
