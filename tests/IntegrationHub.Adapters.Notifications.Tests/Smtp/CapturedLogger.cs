using IntegrationHub.Tests.Common;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>An <see cref="ILogger{T}"/> that keeps every entry, at every level, in a <see cref="ListLogger"/>.</summary>
internal sealed class CapturedLogger<T> : ILogger<T>
{
    public ListLogger Inner { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Inner.Log(logLevel, eventId, state, exception, formatter);
}
