namespace IntegrationHub.Adapters.Files;

/// <summary>
/// One object per imported file, handed to the sink with each of the file's chunks (<see cref="FileChunk.Scope"/>):
/// a sink keeps here what it must know across chunks, and it is dropped with the file. The chunks of a file are
/// prepared one after another, never at once.
/// </summary>
public sealed class FileImportScope
{
    private object? _state;

    /// <summary>The sink's state for this file, created on first use.</summary>
    public T GetOrAdd<T>(Func<T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        return _state as T ?? (T)(_state = create());
    }
}
