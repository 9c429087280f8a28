using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModelRisk.Messaging.Tests.Infrastructure;

public sealed record CapturedLog(string Category, LogLevel Level, string Message);

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Logs);

    public void Dispose()
    {
    }

    sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception)));
            }
        }
    }
}
