using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>Keeps event ids, messages and the exceptions logged with them, for assertions and failure messages.</summary>
internal sealed class ExceptionLogger : ILogger
{
    public ConcurrentQueue<(int EventId, string Message, Exception? Error)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((eventId.Id, formatter(state, exception), exception));

    public string Describe() => string.Join(" | ", Entries.Select(e => $"{e.EventId} {e.Message}" + (e.Error is null ? string.Empty : $" [{e.Error.GetType().Name}: {e.Error.Message}]")));
}
