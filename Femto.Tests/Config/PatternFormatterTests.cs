using System.Globalization;
using System.Text;
using Femto.Config;

namespace Femto.Tests.Config;

/// <summary>CPython format strings rendered by PatternFormatter: fields, printf and format-spec widths, the three
/// styles, datefmt, defaults from key-values, exceptions and escaping.</summary>
public sealed class PatternFormatterTests : FemtoTestBase
{
    /// <summary>Formats every record it receives with one formatter and keeps the text and timestamp.</summary>
    private sealed class Probe(IFemtoFormatter formatter) : IFemtoRecordHandler
    {
        private readonly FemtoBuffer _buffer = new(256);
        public List<(string Text, DateTime Utc, int Thread)> Lines { get; } = [];

        public void Handle(in FemtoRecordView record)
        {
            _buffer.Clear();
            formatter.Format(record, _buffer);
            lock (Lines) Lines.Add((Encoding.UTF8.GetString(_buffer.WrittenSpan), record.Timestamp, record.ThreadId));
        }

        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();
    }

    private (string Text, DateTime Utc, int Thread) Format(IFemtoFormatter formatter, Action<FemtoLogger> log, string name = "fmt.logger")
    {
        var logger = FemtoLogging.GetLogger(name);
        logger.Propagate = false;
        logger.Level = FemtoLevel.Trace;
        var probe = new Probe(formatter);
        logger.AddHandler(probe);
        log(logger);
        FlushOrFail(logger);
        return probe.Lines.Single();
    }

    [Test]
    public void The_classic_format_uses_local_time_with_milliseconds()
    {
        var (text, utc, _) = Format(PatternFormatter.Parse("%(asctime)s %(name)s %(levelname)s %(message)s"), l => l.Warn("disk low"));
        string expected = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
        Assert.That(text, Is.EqualTo($"{expected} fmt.logger WARN disk low"));
    }

    [Test]
    public void Printf_widths_and_conversions_match_python()
    {
        var (text, utc, thread) = Format(PatternFormatter.Parse("[%(levelname)-8s|%(name)12s|%(levelno)d|%(msecs)03d|%(created).3f|%(thread)d|%%]"), l => l.Info("x"));
        double created = (utc - DateTime.UnixEpoch).TotalSeconds;
        Assert.That(text, Is.EqualTo(string.Create(CultureInfo.InvariantCulture,
            $"[INFO    |  fmt.logger|20|{utc.Millisecond:000}|{created:F3}|{thread}|%]")));
    }

    [Test]
    public void Brace_and_dollar_styles_render_like_percent_style()
    {
        var percent = Format(PatternFormatter.Parse("%(levelname)-6s %(name)s %(message)s"), l => l.Error("same"));
        FemtoLogging.ResetManager();
        var brace = Format(PatternFormatter.Parse("{levelname:<6} {name} {message} {{braces}}", style: '{'), l => l.Error("same"));
        FemtoLogging.ResetManager();
        var dollar = Format(PatternFormatter.Parse("$levelname ${name} $message $$", style: '$'), l => l.Error("same"));
        Assert.That(percent.Text, Is.EqualTo("ERROR  fmt.logger same"));
        Assert.That(brace.Text, Is.EqualTo("ERROR  fmt.logger same {braces}"));
        Assert.That(dollar.Text, Is.EqualTo("ERROR fmt.logger same $"));
    }

    [Test]
    public void Datefmt_is_strftime_and_utc_can_be_asked_for()
    {
        var (text, utc, _) = Format(PatternFormatter.Parse("%(asctime)s.%(msecs)03d", "%Y/%m/%d %H:%M:%S %z %j %a %b %p", utc: true), l => l.Info("t"));
        var c = CultureInfo.InvariantCulture;
        Assert.That(text, Is.EqualTo($"{utc.ToString("yyyy/MM/dd HH:mm:ss", c)} +0000 {utc.DayOfYear:000} {utc.ToString("ddd MMM", c)} {(utc.Hour < 12 ? "AM" : "PM")}.{utc.Millisecond:000}"));
    }

    [Test]
    public void Fields_named_in_defaults_come_from_the_records_key_values()
    {
        var formatter = PatternFormatter.Parse("%(user)s %(amount)s: %(message)s", defaults: new Dictionary<string, object?> { ["user"] = "-", ["amount"] = null });
        Assert.That(Format(formatter, l => l.Info("paid", ("user", "bob"), ("amount", 12.5))).Text, Is.EqualTo("bob 12.5: paid"));
        FemtoLogging.ResetManager();
        Assert.That(Format(formatter, l => l.Info("anonymous")).Text, Is.EqualTo("- None: anonymous"));
    }

    [Test]
    public void Caller_fields_exceptions_and_escaping()
    {
        var (text, _, _) = Format(PatternFormatter.Parse("%(filename)s:%(lineno)d %(module)s.%(funcName)s %(message)s"),
            l => l.Error(new InvalidOperationException("boom"), "failed\nsecond line"));
        var lines = text.Split('\n');
        Assert.That(lines[0], Does.Match(@"^PatternFormatterTests\.cs:\d+ PatternFormatterTests\.Caller_fields_exceptions_and_escaping failed\\nsecond line$"));
        Assert.That(lines[1], Is.EqualTo("    System.InvalidOperationException: boom"), "the exception follows on indented lines");
    }

    [Test]
    public void Process_thread_and_task_fields()
    {
        var (text, _, thread) = Format(PatternFormatter.Parse("%(process)d %(processName)s %(threadName)s %(taskName)s %(msg)s"), l => l.Info("t {X}", 1));
        Assert.That(text, Does.StartWith($"{Environment.ProcessId} "));
        Assert.That(text, Does.EndWith(" None t {X}"), "msg is the template; taskName is always None");
    }

    [TestCase("%(user)s", "format", "'user'")]
    [TestCase("%(exc_info)s", "format", "exc_info")]
    [TestCase("%(name)d", "format", "needs a number")]
    [TestCase("%(name)x", "format", "'%x'")]
    [TestCase("100% %(message)s", "format", "doubled")]
    [TestCase("%(message", "format", "closing ')'")]
    public void Fields_and_conversions_femto_cannot_render_are_rejected(string format, string param, string fragment)
    {
        var ex = Assert.Throws<ArgumentException>(() => PatternFormatter.Parse(format));
        Assert.That(ex!.ParamName, Is.EqualTo(param));
        Assert.That(ex.Message, Does.Contain(fragment));
    }

    [Test]
    public void Bad_datefmt_and_style_are_rejected_naming_them()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => PatternFormatter.Parse("%(asctime)s", "%H:%M:%S.%f"))!.ParamName, Is.EqualTo("dateFormat"));
        Assert.That(Assert.Throws<ArgumentException>(() => PatternFormatter.Parse("{message", style: '{'))!.Message, Does.Contain("closing '}'"));
        Assert.That(Assert.Throws<ArgumentException>(() => PatternFormatter.Parse("{message:x}", style: '{'))!.Message, Does.Contain("format type 'x'"));
    }
}
