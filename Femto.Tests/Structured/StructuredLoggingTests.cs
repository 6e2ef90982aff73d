using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Femto.Tests.Structured;

/// <summary>Message templates, interpolated strings, key-values, exceptions and caller info: what record handlers
/// see, how the default line renders them, and the JSON-lines formatter.</summary>
public sealed class StructuredLoggingTests : FemtoTestBase
{
    private FemtoLogger _log = null!;
    private CollectingHandler _records = null!;
    private MemoryStream _text = null!;
    private FemtoStreamHandler _textHandler = null!;

    [SetUp]
    public void SetUpLogger()
    {
        _log = NewLogger("structured");
        _records = new CollectingHandler();
        _text = new MemoryStream();
        _textHandler = Track(StreamHandlerBuilder.ForStream(_text).WithOverflowPolicy(OverflowPolicy.Block).Build());
        _log.AddHandler(_records);
        _log.AddHandler(_textHandler);
    }

    private string[] FlushAndReadLines()
    {
        FlushOrFail(_log);
        Assert.That(_textHandler.Flush(), Is.True);
        return Encoding.UTF8.GetString(_text.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public void TemplateRendersHolesAndExposesNamedValues()
    {
        _log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
        var lines = FlushAndReadLines();

        Assert.That(lines, Is.EqualTo(new[] { $"{_log.Name} [INFO] Hello, Bill Evance lives in Mumbai 31 years old" }).AsCollection);
        var record = _records.Records.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.Message, Is.EqualTo("Hello, Bill Evance lives in Mumbai 31 years old"));
            Assert.That(record.MessageTemplate, Is.EqualTo("Hello, {Name} lives in {City} {Age} years old"));
            Assert.That(record.KeyValues, Is.EqualTo(new KeyValuePair<string, object?>[]
            {
                new("Name", "Bill Evance"), new("City", "Mumbai"), new("Age", 31),
            }).AsCollection);
            Assert.That(record.DefaultLine, Is.EqualTo($"{_log.Name} [INFO] Hello, Bill Evance lives in Mumbai 31 years old"));
        }
    }

    [Test]
    public void TemplateFormatsAlignmentPositionalAndMissingHoles()
    {
        _log.Warn("{Amount:F2}|{Id,5}|{Id2,-4}|{0}", 3.14159, 7, 8, "pos");
        _log.Info("only {One} of {Two}", 1);
        _log.Info("braces {{literal}} and {Value}", true);
        _log.Info("{1} before {0}", "a", "b");
        FlushAndReadLines();
        Assert.That(_records.Messages, Is.EqualTo(new[]
        {
            "3.14|    7|8   |pos",
            "only 1 of {Two}",
            "braces {literal} and True",
            "b before a",
        }).AsCollection);
    }

    [Test]
    public void TemplateValuesAreFormattedWithTheInvariantCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            _log.Info("{Price} on {Day:yyyy-MM-dd}", 1234.5, new DateTime(2025, 3, 4, 0, 0, 0, DateTimeKind.Utc));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        FlushAndReadLines();
        Assert.That(_records.Messages.Single(), Is.EqualTo("1234.5 on 2025-03-04"));
    }

    [Test]
    public void SixteenByteValuesSurviveTheRecordUnboxed()
    {
        // decimal and Guid are stored inline in two halves; mixing them with 8-byte values and with more holes
        // than a record keeps inline checks both halves end up back together.
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        decimal price = 1234.5678m;
        _log.Info("{Id} costs {Price} ({Count} items)", id, price, 3);
        _log.Info($"a {price} b {id} c {7L} d {price:F1} e");
        _log.Info("kv", ("id", id), ("price", price), ("n", 1));
        FlushAndReadLines();

        Assert.That(_records.Messages, Is.EqualTo(new[]
        {
            "0f8fad5b-d9cb-469f-a165-70867728950e costs 1234.5678 (3 items)",
            "a 1234.5678 b 0f8fad5b-d9cb-469f-a165-70867728950e c 7 d 1234.6 e",
            "kv",
        }).AsCollection);
        Assert.That(_records.Records[2].KeyValues, Is.EqualTo(new KeyValuePair<string, object?>[]
        {
            new("id", id), new("price", price), new("n", 1),
        }).AsCollection);
    }

    [Test]
    public void KeyValuesAppearInTheDefaultLineQuotedWhenNeeded()
    {
        _log.Info("paid", ("user", 42), ("amount", 9.5));
        _log.Info("note", ("text", "two words"), ("quote", "say \"hi\""), ("eq", "a=b"), ("empty", ""));
        var lines = FlushAndReadLines();
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"{_log.Name} [INFO] paid user=42 amount=9.5",
            $"{_log.Name} [INFO] note text=\"two words\" quote=\"say \\\"hi\\\"\" eq=\"a=b\" empty=\"\"",
        }).AsCollection);
    }

    [Test]
    public void KeyValueTextIsEscapedInTheDefaultLine()
    {
        _log.Info("kv", ("bad", "x\ny"));
        var lines = FlushAndReadLines();
        Assert.That(lines, Is.EqualTo(new[] { $"{_log.Name} [INFO] kv bad=x\\ny" }).AsCollection,
            "a key-value can never forge a line either");
    }

    [Test]
    public void KeyValuesReachRecordHandlers()
    {
        var when = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        _log.Error("paid", ("user", 42), ("amount", 9.5), ("ok", true), ("when", when));
        FlushAndReadLines();
        var record = _records.Records.Single();
        Assert.That(record.Message, Is.EqualTo("paid"));
        Assert.That(record.MessageTemplate, Is.Null, "a plain message has no template");
        Assert.That(record.KeyValues, Is.EqualTo(new KeyValuePair<string, object?>[]
        {
            new("user", 42), new("amount", 9.5), new("ok", true), new("when", when),
        }).AsCollection);
    }

    [Test]
    public void InterpolatedStringRendersAndNamesItsHoles()
    {
        int id = 42;
        double amount = 9.5;
        _log.Info($"user {id} paid {amount} ({amount * 2:F1})");
        var lines = FlushAndReadLines();
        Assert.That(lines, Is.EqualTo(new[] { $"{_log.Name} [INFO] user 42 paid 9.5 (19.0)" }).AsCollection);
        var record = _records.Records.Single();
        Assert.That(record.KeyValues.Select(kv => kv.Key), Is.EqualTo(new[] { "id", "amount", "amount * 2" }).AsCollection);
        Assert.That(record.KeyValues[0].Value, Is.EqualTo(42));
    }

    [Test]
    public void InterpolatedHoleTextIsEscaped()
    {
        string evil = "a\r\nb";
        _log.Info($"value {evil}");
        var lines = FlushAndReadLines();
        Assert.That(lines, Is.EqualTo(new[] { $"{_log.Name} [INFO] value a\\r\\nb" }).AsCollection);
    }

    [Test]
    public void ExceptionTextFollowsOnIndentedLines()
    {
        var ex = Thrown(new InvalidOperationException("gateway timed out"));
        _log.Error(ex, "charge failed for {User}", 42);
        var lines = FlushAndReadLines();

        Assert.That(lines[0], Is.EqualTo($"{_log.Name} [ERROR] charge failed for 42"));
        Assert.That(lines[1], Is.EqualTo("    System.InvalidOperationException: gateway timed out"));
        Assert.That(lines.Length, Is.GreaterThan(2), "the stack trace follows");
        Assert.That(lines.Skip(1), Has.All.StartWith("    "), "every exception line is indented");
        Assert.That(string.Join("\n", lines), Does.Contain(nameof(Thrown)), "the stack trace names the throwing method");
        var record = _records.Records.Single();
        Assert.That(record.Exception, Is.SameAs(ex));
    }

    [Test]
    public void PlainExceptionOverload()
    {
        var ex = Thrown(new ArgumentException("bad input"));
        _log.Critical(ex, "plain with exception");
        var lines = FlushAndReadLines();
        Assert.That(lines[0], Is.EqualTo($"{_log.Name} [CRITICAL] plain with exception"));
        Assert.That(lines[1], Does.StartWith("    System.ArgumentException: bad input"));
    }

    [Test]
    public void CallerInfoAndThreadAreCaptured()
    {
        var before = DateTime.UtcNow.AddSeconds(-2);
        Thread.CurrentThread.Name ??= "femto test thread";
        _log.Info("where am I");
        FlushAndReadLines();
        var record = _records.Records.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.FileName, Does.EndWith(nameof(StructuredLoggingTests) + ".cs"));
            Assert.That(record.LineNumber, Is.GreaterThan(0));
            Assert.That(record.ModulePath, Is.EqualTo(nameof(CallerInfoAndThreadAreCaptured)));
            Assert.That(record.ThreadId, Is.EqualTo(Environment.CurrentManagedThreadId));
            Assert.That(record.ThreadName, Is.EqualTo(Thread.CurrentThread.Name));
            Assert.That(record.Logger, Is.EqualTo(_log.Name));
            Assert.That(record.Level, Is.EqualTo(FemtoLevel.Info));
            Assert.That(record.Timestamp.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(record.Timestamp, Is.InRange(before, DateTime.UtcNow.AddSeconds(2)));
        }
    }

    [Test]
    public void TimestampsOfOneProducerNeverGoBackwards()
    {
        _log.OverflowPolicy = OverflowPolicy.Block;
        for (int i = 0; i < 5000; i++) _log.Debug("not enabled");
        for (int i = 0; i < 3000; i++) _log.Info("{I}", i);
        FlushAndReadLines();
        var stamps = _records.Records.Select(r => r.Timestamp).ToList();
        Assert.That(stamps, Has.Count.EqualTo(3000));
        Assert.That(stamps, Is.Ordered, "records logged later must not carry earlier timestamps");
    }

    [Test]
    public void LogWithLevelParameterTakesTheSameShapes()
    {
        _log.Log(FemtoLevel.Warn, "{A}+{B}", 1, 2);
        _log.Log(FemtoLevel.Error, "kv", ("k", "v"));
        int n = 3;
        _log.Log(FemtoLevel.Info, $"n={n}");
        _log.Log(FemtoLevel.Debug, $"filtered {n}");
        FlushAndReadLines();
        Assert.That(_records.Records.Select(r => (r.Level, r.Message)), Is.EqualTo(new[]
        {
            (FemtoLevel.Warn, "1+2"), (FemtoLevel.Error, "kv"), (FemtoLevel.Info, "n=3"),
        }).AsCollection);
        Assert.That(_records.Records[1].KeyValues, Is.EqualTo(new KeyValuePair<string, object?>[] { new("k", "v") }).AsCollection);
    }

    [Test]
    public void JsonFormatterWritesOneParseableObjectPerLine()
    {
        var stream = new MemoryStream();
        var json = Track(StreamHandlerBuilder.ForStream(stream).WithFormatter(FemtoFormatters.Json).Build());
        _log.AddHandler(json);

        _log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
        _log.Warn("paid", ("user", 42), ("amount", 9.5), ("ok", false), ("note", "line\nbreak \"quoted\""));
        _log.Error(Thrown(new InvalidOperationException("boom")), "failed");
        FlushOrFail(_log);
        Assert.That(json.Flush(), Is.True);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3), "one JSON object per line: embedded newlines must be escaped");
        var docs = lines.Select(l => JsonDocument.Parse(l)).ToArray();
        try
        {
            var first = docs[0].RootElement;
            Assert.That(first.GetProperty("logger").GetString(), Is.EqualTo(_log.Name));
            Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("INFO"));
            Assert.That(first.GetProperty("message").GetString(), Is.EqualTo("Hello, Bill Evance lives in Mumbai 31 years old"));
            var kv0 = first.GetProperty("key_values");
            Assert.That(kv0.GetProperty("Name").GetString(), Is.EqualTo("Bill Evance"));
            Assert.That(kv0.GetProperty("City").GetString(), Is.EqualTo("Mumbai"));
            Assert.That(kv0.GetProperty("Age").GetInt32(), Is.EqualTo(31), "numbers keep their JSON type");
            Assert.That(DateTime.Parse(first.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).Kind,
                Is.EqualTo(DateTimeKind.Utc));
            Assert.That(first.GetProperty("line_number").GetInt32(), Is.GreaterThan(0));
            Assert.That(first.GetProperty("module_path").GetString(), Is.EqualTo(nameof(JsonFormatterWritesOneParseableObjectPerLine)));

            var second = docs[1].RootElement;
            Assert.That(second.GetProperty("level").GetString(), Is.EqualTo("WARN"));
            var kv1 = second.GetProperty("key_values");
            Assert.That(kv1.GetProperty("user").GetInt32(), Is.EqualTo(42));
            Assert.That(kv1.GetProperty("amount").GetDouble(), Is.EqualTo(9.5));
            Assert.That(kv1.GetProperty("ok").ValueKind, Is.EqualTo(JsonValueKind.False));
            Assert.That(kv1.GetProperty("note").GetString(), Is.EqualTo("line\nbreak \"quoted\""), "JSON escaping round-trips the text");

            var third = docs[2].RootElement;
            Assert.That(third.GetProperty("level").GetString(), Is.EqualTo("ERROR"));
            var exception = third.GetProperty("exception");
            Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("boom"));
            Assert.That(exception.GetProperty("stack_trace").GetString(), Does.Contain(nameof(Thrown)));
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    [Test]
    public void FormatterFromFuncSeesTheWholeRecord()
    {
        var stream = new MemoryStream();
        var custom = Track(StreamHandlerBuilder.ForStream(stream)
            .WithFormatter(FemtoFormatters.FromFunc(v => $"{v.LevelName}|{v.Logger}|{v.Message}|{v.KeyValueCount}|{v.MessageTemplate}"))
            .Build());
        _log.AddHandler(custom);
        _log.Info("{X} and {Y}", "a", "b\tc");
        FlushOrFail(_log);
        Assert.That(custom.Flush(), Is.True);
        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo($"INFO|{_log.Name}|a and b\\tc|2|{{X}} and {{Y}}\n"),
            "a function formatter's text is escaped too");
    }

    private static T Thrown<T>(T exception) where T : Exception
    {
        try
        {
            throw exception;
        }
        catch (T caught)
        {
            return caught;
        }
    }
}
