using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IdentityHost.Tests.Pruning;

/// <summary>Keeps the event id of every log entry the host writes, to see that a background pass ran or failed.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<int> _events = new();

    public IReadOnlyCollection<int> EventIds => _events;

    public ILogger CreateLogger(string categoryName) => new Logger(_events);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<int> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue(eventId.Id);
    }
}
