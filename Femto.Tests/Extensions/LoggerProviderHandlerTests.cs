using Femto.Extensions.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Femto.Tests.Extensions;

/// <summary>The reverse bridge: Femto records forwarded from a handler worker to any Microsoft.Extensions.Logging
/// provider, with level, event id, key-values as state, exception and rendered message.</summary>
public sealed class LoggerProviderHandlerTests : FemtoTestBase
{
    private sealed record Entry(string Category, LogLevel Level, EventId EventId, IReadOnlyList<KeyValuePair<string, object?>> State,
        Exception? Exception, string Message, int ThreadId);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public readonly List<Entry> Entries = [];
        public readonly List<string> Created = [];
        public bool Disposed;
        public LogLevel Minimum = LogLevel.Trace;

        public ILogger CreateLogger(string categoryName)
        {
            lock (Entries) Created.Add(categoryName);
            return new Logger(this, categoryName);
        }

        public void Dispose() => Disposed = true;

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
                lock (owner.Entries)
                    owner.Entries.Add(new Entry(category, logLevel, eventId, [.. values], exception, formatter(state, exception), Environment.CurrentManagedThreadId));
            }
        }
    }

    [Test]
    public void RecordsReachTheProviderWithTheirLevelEventIdValuesExceptionAndMessage()
    {
        var provider = new CapturingProvider();
        var handler = Track(new LoggerProviderHandler(provider, ownsProvider: true));
        var log = NewLogger("bridge");
        log.Level = FemtoLevel.Trace;
        log.AddHandler(handler);
        var error = new InvalidOperationException("boom");

        log.Info("Hello, {Name} is {Age}", "ann", 31);
        log.Warn("paid", ("event_id", 12), ("event_name", "Paid"), ("amount", 9.5));
        log.Error(error, "failed");
        log.Trace("fine detail");
        Assert.That(log.Flush(Patience), Is.True);

        var entries = provider.Entries;
        Assert.That(entries, Has.Count.EqualTo(4));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries.Select(e => e.Category).Distinct(), Is.EqualTo(new[] { log.Name }));
            Assert.That(provider.Created, Is.EqualTo(new[] { log.Name }), "one MEL logger per Femto logger");
            Assert.That(entries.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Trace }));
            Assert.That(entries[0].Message, Is.EqualTo("Hello, ann is 31"));
            Assert.That(entries[0].State, Is.EqualTo(new[] { new KeyValuePair<string, object?>("Name", "ann"), new("Age", 31) }));
            Assert.That(entries[0].EventId, Is.EqualTo(default(EventId)));
            Assert.That(entries[1].EventId, Is.EqualTo(new EventId(12, "Paid")));
            Assert.That(entries[1].EventId.Name, Is.EqualTo("Paid"));
            Assert.That(entries[2].Exception, Is.SameAs(error));
            Assert.That(entries[2].Message, Is.EqualTo("failed"));
            Assert.That(entries.Select(e => e.ThreadId), Has.None.EqualTo(Environment.CurrentManagedThreadId), "forwarded from the handler's worker");
        }
        handler.Close();
        Assert.That(provider.Disposed, Is.True, "ownsProvider: disposed with the handler");
    }

    [Test]
    public void TheProvidersOwnFiltersApplyAndAThrowingProviderCountsAsAHandlerError()
    {
        var provider = new CapturingProvider { Minimum = LogLevel.Warning };
        var handler = Track(new LoggerProviderHandler(provider));
        var log = NewLogger("bridgefilter");
        log.AddHandler(handler);
        log.Info("below the provider's minimum");
        log.Warn("kept");
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(provider.Entries.Select(e => e.Message), Is.EqualTo(new[] { "kept" }));

        var throwing = new ThrowingProvider();
        var failing = Track(new LoggerProviderHandler(throwing));
        var reports = new List<string>();
        FemtoDiagnostics.Writer = m => { lock (reports) reports.Add(m); };
        log.AddHandler(failing);
        log.Warn("to a broken provider");
        log.Flush(Patience);
        Assert.That(SpinWait.SpinUntil(() => failing.ErrorCount == 1, Patience), Is.True);
        handler.Close();
        failing.Close();
        Assert.That(provider.Disposed || throwing.Disposed, Is.False, "not owned: not disposed");
    }

    [Test]
    public void TheConsoleProviderWritesForwardedRecords()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var options = new OptionsMonitorStub(new ConsoleLoggerOptions { FormatterName = ConsoleFormatterNames.Simple });
            using var console = new ConsoleLoggerProvider(options);
            var handler = Track(new LoggerProviderHandler(console));
            var log = NewLogger("toconsole");
            log.AddHandler(handler);
            log.Warn("forwarded {What}", "line");
            Assert.That(log.Flush(Patience), Is.True);
            handler.Close();
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.That(output.ToString(), Does.Contain("warn:").And.Contain("forwarded line"));
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public bool Disposed;
        public ILogger CreateLogger(string categoryName) => throw new InvalidOperationException("provider broken");
        public void Dispose() => Disposed = true;
    }

    private sealed class OptionsMonitorStub(ConsoleLoggerOptions value) : IOptionsMonitor<ConsoleLoggerOptions>
    {
        public ConsoleLoggerOptions CurrentValue => value;
        public ConsoleLoggerOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
    }
}
