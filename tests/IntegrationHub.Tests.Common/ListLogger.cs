using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Tests.Common;

/// <summary>Keeps the event ids and messages logged, for assertions.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((eventId.Id, formatter(state, exception)));
}
