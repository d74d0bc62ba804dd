using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Keeps what the hub logged, so that a test can assert on it and fail on unexpected errors.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, int EventId, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, int EventId, string Category, string Message)> Entries => [.. _entries];

    public IEnumerable<string> Errors => _entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}");

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Level} {e.Category}[{e.EventId}] {e.Message}"));

    private sealed class Collector(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue((logLevel, eventId.Id, category, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
            }
        }
    }
}
