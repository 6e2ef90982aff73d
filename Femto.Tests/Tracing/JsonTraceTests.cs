using System.Text.Json;

namespace Femto.Tests.Tracing;

/// <summary>Traces as JSON lines through the ordinary file handlers and <see cref="FemtoFormatters.Json"/>: the
/// sentinel-trace shape first, every line parseable whatever the names and messages hold, and the handler's health
/// visible after an IO failure.</summary>
public sealed class JsonTraceTests : TracingTestBase
{
    private static readonly string[] Adversarial =
    [
        "plain",
        "quote \" and backslash \\ and slash /",
        "new\nline\r\nand\ttab",
        "nul \0 bell \a escape \u001b del \u007f",
        "line separators \u2028 \u2029",
        "emoji 😀 and accents é ü and CJK 漢字",
        "lone high surrogate \ud800 and lone low \udc00",
        "</script><b>html</b> & {json} [\"array\"]",
        "{\"function\":\"fake\",\"status\":\"success\"}",
        new string('x', 10_000),
        "",
    ];

    [Test]
    public void A_scope_line_starts_with_the_sentinel_trace_fields()
    {
        var (log, path) = JsonLinesLogger("trace.jsonl");

        using (log.Time("fetch_user", ("user_id", 7))) { }
        using (var s = log.Time("run", "checkout")) s.Fail(new ArgumentException("bad order"));
        log.Info("plain record", ("status", 200));
        FlushOrFail(log);

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(3));
        using var ok = JsonDocument.Parse(lines[0]);
        using var failed = JsonDocument.Parse(lines[1]);
        using var plain = JsonDocument.Parse(lines[2]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok.RootElement.EnumerateObject().Take(5).Select(p => p.Name),
                Is.EqualTo(new[] { "timestamp", "function", "duration_ms", "status", "error_type" }));
            Assert.That(ok.RootElement.GetProperty("function").GetString(), Is.EqualTo("fetch_user"));
            Assert.That(ok.RootElement.GetProperty("duration_ms").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(ok.RootElement.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(ok.RootElement.GetProperty("error_type").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(ok.RootElement.GetProperty("trace_id").GetString(), Does.Match(TraceIdShape()));
            Assert.That(ok.RootElement.GetProperty("span_id").GetString(), Does.Match(SpanIdShape()));
            Assert.That(ok.RootElement.TryGetProperty("parent_span_id", out _), Is.False);
            Assert.That(ok.RootElement.GetProperty("level").GetString(), Is.EqualTo("INFO"));
            Assert.That(ok.RootElement.GetProperty("key_values").GetProperty("user_id").GetInt32(), Is.EqualTo(7));
            Assert.That(ok.RootElement.GetProperty("key_values").TryGetProperty("function", out _), Is.False, "not repeated");
            Assert.That(DateTimeOffset.TryParse(ok.RootElement.GetProperty("timestamp").GetString(), out _), Is.True);

            Assert.That(failed.RootElement.GetProperty("function").GetString(), Is.EqualTo("run[checkout]"));
            Assert.That(failed.RootElement.GetProperty("status").GetString(), Is.EqualTo("error"));
            Assert.That(failed.RootElement.GetProperty("error_type").GetString(), Is.EqualTo("System.ArgumentException"));
            Assert.That(failed.RootElement.GetProperty("error_message").GetString(), Is.EqualTo("bad order"));
            Assert.That(failed.RootElement.GetProperty("level").GetString(), Is.EqualTo("ERROR"));
            Assert.That(failed.RootElement.GetProperty("exception").GetProperty("type").GetString(), Is.EqualTo("System.ArgumentException"));

            Assert.That(plain.RootElement.TryGetProperty("status", out _), Is.False, "an ordinary record's status stays a key-value");
            Assert.That(plain.RootElement.GetProperty("key_values").GetProperty("status").GetInt32(), Is.EqualTo(200));
        }
    }

    [Test]
    public void Every_line_parses_for_adversarial_names_labels_values_and_messages()
    {
        var (log, path) = JsonLinesLogger("adversarial.jsonl");
        log.QueueCapacity = 10_000;
        log.OverflowPolicy = OverflowPolicy.Block;

        int expected = 0;
        foreach (var text in Adversarial)
        {
            string name = text.Length == 0 ? "empty-name" : text;
            using (FemtoContext.Push(("ctx " + text, text)))
            {
                using (log.Time(name, text, ("key " + text, text))) log.Info(text, ("k" + text, text));
                using (var s = log.Time(name)) s.Fail(new InvalidOperationException(text));
                Assert.Throws<InvalidOperationException>(() => FemtoTrace.Run(log, name, () => throw new InvalidOperationException(text), label: text));
                log.Error(new FormatException(text), text);
            }
            expected += 5;
        }
        FlushOrFail(log);

        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(expected), "one line per record: no raw newline inside a record");
        var functions = new List<string>();
        var messages = new List<string?>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.TryGetProperty("function", out var f)) functions.Add(f.GetString()!);
            if (root.TryGetProperty("error_message", out var m)) messages.Add(m.GetString());
            if (root.TryGetProperty("trace_id", out var trace)) Assert.That(trace.GetString(), Does.Match(TraceIdShape()));
            Assert.That(root.GetProperty("key_values").EnumerateObject().Any(p => p.Name.StartsWith("ctx ", StringComparison.Ordinal)), Is.True, "the context reached every record");
        }
        using (Assert.EnterMultipleScope())
        {
            // Text that is valid UTF-16 comes back exactly; lone surrogates become U+FFFD (UTF-8 cannot carry them).
            foreach (var text in Adversarial.Where(t => !t.Contains("surrogate", StringComparison.Ordinal)))
            {
                string name = text.Length == 0 ? "empty-name" : text;
                Assert.That(functions, Does.Contain(text.Length == 0 ? name : $"{name}[{text}]"));
                Assert.That(messages, Does.Contain(text));
            }
        }
    }

    /// <summary>A logger writing to a JSON-lines file in the test's directory.</summary>
    private (FemtoLogger Log, string Path) JsonLinesLogger(string file)
    {
        string path = TempPath(file);
        var log = NewLogger("jsonl");
        log.AddHandler(Track(new FileHandlerBuilder(path).WithFormatter(FemtoFormatters.Json).Build()));
        return (log, path);
    }

    [Test]
    public void A_trace_file_that_cannot_be_written_shows_in_the_handlers_health()
    {
        // /dev/full accepts the open and fails every write with ENOSPC: a real IO failure, not a mock.
        if (!File.Exists("/dev/full")) Assert.Ignore("needs /dev/full (Linux)");
        using var reports = new DiagnosticsCapture("femto");
        var handler = Track(new FileHandlerBuilder("/dev/full").WithFormatter(FemtoFormatters.Json).Build());
        var log = NewLogger("full");
        log.AddHandler(handler);
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Healthy));

        FemtoTrace.Run(log, "write_report", () => { });
        Assert.That(log.Flush(Patience), Is.False, "the flush reports that the write failed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(handler.Health.Reason, Does.Contain("sink failing"));
            Assert.That(handler.DroppedCount, Is.EqualTo(1), "the lost trace record is counted");
        }
    }
}
