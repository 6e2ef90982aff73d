using Microsoft.Extensions.Logging;

namespace Femto.Extensions.Logging;

/// <summary>The <see cref="ILogger"/> of one category: answers <see cref="IsEnabled"/> from the Femto logger's cached
/// level mask and hands each call to it as deferred content, so the caller's thread renders nothing and, for
/// <c>LoggerMessage</c> states, allocates nothing.</summary>
internal sealed class FemtoMelLogger(FemtoLogger femto, FemtoLoggerProvider provider) : ILogger
{
    public FemtoLogger Femto { get; } = femto;

    public bool IsEnabled(LogLevel logLevel) => LogLevels.TryToFemto(logLevel, out var level) && Femto.IsEnabled(level);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.ScopeProvider.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!LogLevels.TryToFemto(logLevel, out var level) || !Femto.IsEnabled(level)) return;
        var entry = LogEntry<TState>.Rent(state, eventId, exception, formatter);
        if (provider.IncludeScopes) entry.CaptureScopes(provider.ScopeProvider);
        Femto.LogDeferred(level, entry, exception);
    }
}
