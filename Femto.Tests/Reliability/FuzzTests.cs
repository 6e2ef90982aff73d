using System.Text;

namespace Femto.Tests.Reliability;

/// <summary>Fixed-seed fuzzing of the text Femto parses from users: level names, logger names, policy texts and
/// message templates. Only documented exceptions come out, state stays consistent, and every logged record arrives.</summary>
[Category(Battery.Category)]
public sealed class FuzzTests : FemtoTestBase
{
    private const int Seed = 20261129;
    private static readonly string Alphabet = "aZ09_.-: \t\n{}[],%$@\\\"'\u00e9\u2028\ud83d\ude80\0";
    private static readonly string[] Words = ["info", "INFO", "Warning", "warn", "error", "critical", "trace", "debug", "timeout:", "drop", "block", "root", "0", "1", "-1", "2147483648"];

    private static int Cases => Battery.Scale(10_000, 200_000);

    private static string RandomText(Random rng, int maxLength = 24)
    {
        var sb = new StringBuilder();
        int parts = rng.Next(0, 4);
        for (int i = 0; i < parts; i++)
        {
            if (rng.Next(3) == 0) sb.Append(Words[rng.Next(Words.Length)]);
            int n = rng.Next(0, maxLength / 2);
            for (int k = 0; k < n; k++) sb.Append(Alphabet[rng.Next(Alphabet.Length)]);
        }
        return sb.ToString();
    }

    [Test]
    public void LevelNamesParseOrThrowArgumentException()
    {
        var rng = new Random(Seed);
        for (int i = 0; i < Cases; i++)
        {
            string text = RandomText(rng);
            bool ok = FemtoLevels.TryParse(text, out var level);
            try
            {
                var parsed = FemtoLevels.Parse(text);
                Assert.That(ok && parsed == level, Is.True, $"Parse and TryParse disagree on '{text}'");
            }
            catch (ArgumentException ex)
            {
                Assert.That(ok, Is.False, $"TryParse accepted '{text}' that Parse rejected");
                Assert.That(ex.Message, Does.Contain("TRACE").Or.Contain("Trace"), "the message lists the valid names");
            }
        }
    }

    [Test]
    public void LoggerNamesAreCreatedWholeOrRejectedWithoutCreatingAnything()
    {
        var rng = new Random(Seed + 1);
        string prefix = UniqueName("fuzz");
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Cases; i++)
        {
            string text = prefix + (rng.Next(2) == 0 ? "." : "") + RandomText(rng, 12);
            FemtoLogger log;
            try { log = FemtoLogging.GetLogger(text); }
            catch (ArgumentException) { continue; }
            Assert.That(log.Name, Is.EqualTo(text));
            for (var l = log; l is not null && l.Name.StartsWith(prefix, StringComparison.Ordinal); l = l.Parent)
            {
                Assert.DoesNotThrow(() => FemtoLogging.ValidateLoggerName(l.Name), $"'{l.Name}' was created");
                expected.Add(l.Name);
            }
        }
        // Rejected names created nothing: the loggers under the prefix are exactly the accepted names and their parents.
        var actual = FemtoLogging.GetLoggers().Select(l => l.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        Assert.That(actual, Is.EquivalentTo(expected));
    }

    [Test]
    public void PolicyTextsParseOrThrowArgumentExceptionQuotingThem()
    {
        var rng = new Random(Seed + 2);
        for (int i = 0; i < Cases; i++)
        {
            string text = RandomText(rng);
            if (rng.Next(4) == 0) text = "timeout:" + rng.Next(-5, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture) + RandomText(rng, 3);
            try
            {
                var policy = OverflowPolicy.Parse(text);
                Assert.That(policy, Is.Not.Null);
            }
            catch (ArgumentException ex)
            {
                Assert.That(ex.Message, Does.Contain(text.Trim()).Or.Contain(text), $"the message quotes '{text}'");
            }
        }
    }

    [Test]
    public void EveryTemplateIsWrittenAndRenderingNeverFails()
    {
        var rng = new Random(Seed + 3);
        var log = NewLogger("templates");
        log.QueueCapacity = 4096;
        log.OverflowPolicy = OverflowPolicy.Block;
        var sink = new NoOpRecordHandler();
        var file = Track(new FileHandlerBuilder(TempPath("templates.log")).WithCapacity(4096).WithOverflowPolicy(OverflowPolicy.Block).WithFlushInterval(100_000).Build());
        var json = Track(new FileHandlerBuilder(TempPath("templates.json")).WithFormatter(FemtoFormatters.Json).WithCapacity(4096).WithOverflowPolicy(OverflowPolicy.Block).WithFlushInterval(100_000).Build());
        log.AddHandler(sink);
        log.AddHandler(file);
        log.AddHandler(json);
        for (int i = 0; i < Cases; i++)
        {
            string template = RandomText(rng, 30);
            switch (rng.Next(4))
            {
                case 0: log.Info(template); break;
                case 1: log.Info(template, rng.Next()); break;
                case 2: log.Info(template, "a", 2.5); break;
                default: log.Info(template, 1, "b", DateTime.UnixEpoch, 'c'); break;
            }
        }
        FlushOrFail(log);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Count, Is.EqualTo(Cases));
            Assert.That(File.ReadAllLines(file.Path), Has.Length.EqualTo(Cases), "one text line per record");
            Assert.That(File.ReadAllLines(json.Path), Has.Length.EqualTo(Cases), "one JSON line per record");
            Assert.That(log.HandlerErrorCount + file.ErrorCount + json.ErrorCount, Is.Zero, "no template made rendering fail");
        }
        foreach (var line in File.ReadLines(json.Path)) System.Text.Json.JsonDocument.Parse(line).Dispose();
    }
}
