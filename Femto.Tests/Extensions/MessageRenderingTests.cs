using Femto.Extensions.Logging;
using Microsoft.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary>Every message reaches Femto rendered exactly as Microsoft.Extensions.Logging renders it (compared with
/// what a second provider's formatter returns for the same call), whether Femto renders a plain template itself on
/// its worker or calls the state's formatter (nulls, lists, numeric or unusual holes, custom states).</summary>
// The odd templates are the point: analyzers that warn about them are off here.
#pragma warning disable CA2253, CA1727, CA2017
public sealed class MessageRenderingTests : FemtoTestBase
{
    private enum Colour { Red, Green }

    private sealed class Money(decimal amount) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => "€" + amount.ToString(format, formatProvider);
        public override string ToString() => ToString(null, null);
    }

    private sealed class MelCapture : ILoggerProvider
    {
        public readonly List<string> Messages = [];
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(MelCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages) owner.Messages.Add(formatter(state, exception));
            }
        }
    }

    private static readonly Action<ILogger, double, DateTime, Exception?> s_define =
        LoggerMessage.Define<double, DateTime>(LogLevel.Information, default, "Took {Elapsed:F1} ms at {When:yyyy-MM-dd}");

    [Test]
    public void FemtoMessagesEqualMicrosoftExtensionsLoggingMessages()
    {
        var femto = FemtoLogging.GetLogger("Render");
        femto.Propagate = false;
        femto.Level = FemtoLevel.Trace;
        var sink = new CollectingHandler();
        femto.AddHandler(sink);
        var mel = new MelCapture();
        using (var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddFemto().AddProvider(mel)))
        {
            var log = factory.CreateLogger("Render");
            var when = new DateTime(2026, 11, 29, 13, 5, 7, DateTimeKind.Utc);
            log.LogInformation("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
            log.LogInformation("{Amount:F2}|{Amount2,8:F1}|{Left,-6}|{When}|{Ok}|{Id}|{Colour}|{Ch}|{Span}", 9.5m, 3.25, "ab", when, true,
                new Guid("6f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), Colour.Green, 'x', TimeSpan.FromSeconds(90));
            log.LogInformation("Money {Price:F2} and {@Point} and {$Text}", new Money(12.5m), new { X = 1 }, "txt");
            log.LogInformation("{{escaped}} {Value} }}done{{", 5);
            s_define(log, 12.345, when, null);
            // The formatter's cases:
            log.LogInformation("Null {Missing} and list {Codes}", null, new[] { 1, 2 });
            log.LogInformation("Numbered {1} then {0}", "first", "second");
            log.LogInformation("Repeated {A} {A}", 1, 2);
            log.LogInformation("Dashed {user-id} hole", 7);
            log.LogInformation("No args: {kept} {{as is}}");
            log.Log(LogLevel.Warning, default, new Dictionary<string, object?> { ["k"] = 1 }, null, (s, _) => "custom " + s.Count);
            log.LogInformation(string.Empty);
        }
        Assert.That(femto.Flush(Patience), Is.True);

        var records = sink.Records;
        Assert.That(records.Select(r => r.Message), Is.EqualTo(mel.Messages));
        Assert.That(records.Take(5).Select(r => r.MessageTemplate), Has.All.Not.Null, "plain templates are rendered by Femto");
        Assert.That(records.Skip(5).Take(6).Select(r => r.MessageTemplate), Has.All.Null, "the other cases by the state's formatter");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(records[0].KeyValues, Is.EqualTo(new[] { new KeyValuePair<string, object?>("Name", "Bill Evance"), new("City", "Mumbai"), new("Age", 31) }));
            Assert.That(records[2].KeyValues.Select(kv => kv.Key), Is.EqualTo(new[] { "Price", "Point", "Text" }));
            Assert.That(records[5].KeyValues.Select(kv => kv.Key), Is.EqualTo(new[] { "Missing", "Codes" }));
        }
    }
}
