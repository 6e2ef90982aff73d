using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Femto.Tests.Handlers;

/// <summary>A record longer than the handler's maximum record size is cut, marked and counted — never copied
/// whole — and the huge message is not kept alive once written.</summary>
public sealed class MaxRecordSizeTests : FemtoTestBase
{
    [Test]
    public void AFiftyMillionCharacterMessageIsCutToTheLimitWithoutCopyingItWhole()
    {
        var log = NewLogger("huge");
        var file = Track(new FileHandlerBuilder(TempPath("huge.log")).Build());
        log.AddHandler(file);
        var (weak, allocated) = LogHuge(log);
        FlushOrFail(log);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var line = File.ReadAllText(file.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.Length, Is.LessThanOrEqualTo(TextSinkSettings.DefaultMaxRecordBytes + 100));
            Assert.That(line.TrimEnd('\n'), Does.EndWith("…[truncated]"));
            Assert.That(file.TruncatedCount, Is.EqualTo(1));
            Assert.That(weak.IsAlive, Is.False, "the 100 MB message must not stay reachable after it was written");
            Assert.That(allocated, Is.LessThan(32L << 20), "writing the record must not materialise another copy of the message");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Weak, long Allocated) LogHuge(FemtoLogger log)
    {
        string huge = new('x', 50_000_000);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        log.Info(huge);
        Assert.That(log.Flush(TimeSpan.FromSeconds(30)), Is.True);
        return (new WeakReference(huge), GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Test]
    public void TheLimitCutsBetweenCharactersAndKeepsJsonValid()
    {
        var log = NewLogger("cut");
        var text = Track(new FileHandlerBuilder(TempPath("cut.log")).WithMaxRecordSize(200).Build());
        var json = Track(new FileHandlerBuilder(TempPath("cut.json")).WithFormatter(FemtoFormatters.Json).WithMaxRecordSize(400).Build());
        log.AddHandler(text);
        log.AddHandler(json);
        string message = string.Concat(Enumerable.Repeat("é🚀x\n", 100)); // 2-, 4- and 1-byte UTF-8, a newline
        log.Info(message);
        log.Info("short");
        FlushOrFail(log);

        var lines = File.ReadAllLines(text.Path);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.EndWith("…[truncated]"));
        Assert.That(lines[0].Contains('\uFFFD', StringComparison.Ordinal), Is.False, "no character split");
        Assert.That(lines[1], Does.EndWith("short"), "a record under the limit is untouched");
        Assert.That(text.TruncatedCount, Is.EqualTo(1));

        var records = File.ReadAllLines(json.Path);
        using var doc = JsonDocument.Parse(records[0]);
        Assert.That(doc.RootElement.GetProperty("message").GetString(), Does.EndWith("…[truncated]"));
        Assert.That(json.TruncatedCount, Is.EqualTo(1));
    }

    [Test]
    public void TheMaximumRecordSizeMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileHandlerBuilder(TempPath("x.log")).WithMaxRecordSize(0));
    }
}
