using System.Diagnostics;
using System.Text;

namespace Femto.Tests.Handlers;

/// <summary>The file handler: exact bytes, escaping, UTF-8, append mode, directories, flush/close lifecycle, and
/// the flushInterval / idle-flush semantics.</summary>
public sealed class FileHandlerTests : FemtoTestBase
{
    [Test]
    public void WritesExactBytesWithControlCharactersEscapedAndUtf8Preserved()
    {
        string path = TempPath("exact.log");
        var file = Track(new FemtoFileHandler(path));
        var log = NewLogger("exact");
        log.AddHandler(file);

        log.Info("plain");
        log.Warn("two\r\nlines");
        log.Error("esc \u001b[31mred\u001b[0m and\ttab");
        log.Info("nul \0 bell \a del \u007f nel \u0085");
        log.Info("héllo wörld — ✓ 日本語 🎉");
        FlushOrFail(log);
        Assert.That(file.Flush(), Is.True);

        string n = log.Name;
        string expected =
            $"{n} [INFO] plain\n" +
            $"{n} [WARN] two\\r\\nlines\n" +
            $"{n} [ERROR] esc \\u001b[31mred\\u001b[0m and\\ttab\n" +
            $"{n} [INFO] nul \\u0000 bell \\u0007 del \\u007f nel \\u0085\n" +
            $"{n} [INFO] héllo wörld — ✓ 日本語 🎉\n";
        byte[] actual = File.ReadAllBytes(path);
        Assert.That(actual, Is.EqualTo(new UTF8Encoding(false).GetBytes(expected)).AsCollection,
            "file content:\n" + Encoding.UTF8.GetString(actual));
    }

    [Test]
    public void HandleCanBeCalledDirectlyAndEscapesTheLoggerNameToo()
    {
        string path = TempPath("direct.log");
        using var file = new FemtoFileHandler(path);
        file.Handle("svc", FemtoLevel.Critical, "direct");
        file.Handle("evil\nname", FemtoLevel.Info, "x");
        Assert.That(file.Flush(), Is.True);
        Assert.That(File.ReadAllText(path), Is.EqualTo("svc [CRITICAL] direct\nevil\\nname [INFO] x\n"));
    }

    [Test]
    public void AppendsToExistingContentAndCreatesDirectories()
    {
        string path = TempPath("deep", "er", "still", "app.log");
        Assert.That(Directory.Exists(Path.GetDirectoryName(path)), Is.False);
        using (var first = new FemtoFileHandler(path))
        {
            first.Handle("one", FemtoLevel.Info, "first run");
        }
        Assert.That(File.ReadAllText(path), Is.EqualTo("one [INFO] first run\n"), "closing flushes");

        File.AppendAllText(path, "written by someone else\n");
        using (var second = new FemtoFileHandler(path))
        {
            second.Handle("two", FemtoLevel.Info, "second run");
            Assert.That(second.Flush(), Is.True);
        }
        Assert.That(File.ReadAllText(path), Is.EqualTo("one [INFO] first run\nwritten by someone else\ntwo [INFO] second run\n"));
    }

    [Test]
    public void TwoWritersOnOneFileNeverOverwriteEachOthersLines()
    {
        Assume.That(OperatingSystem.IsLinux(), "atomic appends (O_APPEND) are set up on Linux");
        // Two handlers stand for two processes: two descriptors on one file, each writing whole-line batches.
        const int Records = 3_000;
        string path = TempPath("shared-writers.log");
        var a = Track(new FemtoFileHandler(path, policy: "block"));
        var b = Track(new FemtoFileHandler(path, policy: "block"));
        for (int i = 0; i < Records; i++)
        {
            a.Handle("a", FemtoLevel.Info, $"a{i}");
            b.Handle("b", FemtoLevel.Info, $"b{i}");
        }
        Assert.That(a.Flush(Patience) & b.Flush(Patience), Is.True);
        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2 * Records), "no line overwritten");
        Assert.That(lines.Where(l => l.StartsWith("a ", StringComparison.Ordinal)),
            Is.EqualTo(Enumerable.Range(0, Records).Select(i => $"a [INFO] a{i}")).AsCollection);
        Assert.That(lines.Where(l => l.StartsWith("b ", StringComparison.Ordinal)),
            Is.EqualTo(Enumerable.Range(0, Records).Select(i => $"b [INFO] b{i}")).AsCollection);
    }

    [Test]
    public void WritesLandAtTheCurrentEndOfTheFileWhateverOtherWritersOrTruncationDid()
    {
        string path = TempPath("shared.log");
        using var first = new FemtoFileHandler(path);
        using var second = new FemtoFileHandler(path); // opened while the file is empty, like a replacement handler
        first.Handle("a", FemtoLevel.Info, "from the first");
        Assert.That(first.Flush(), Is.True);
        second.Handle("b", FemtoLevel.Info, "from the second");
        Assert.That(second.Flush(), Is.True);
        Assert.That(File.ReadAllText(path), Is.EqualTo("a [INFO] from the first\nb [INFO] from the second\n"),
            "the second handler does not overwrite what the first wrote after it opened the file");

        // logrotate's copytruncate: the file is emptied under the open handle.
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            truncate.SetLength(0);
        first.Handle("a", FemtoLevel.Info, "after truncation");
        Assert.That(first.Flush(), Is.True);
        Assert.That(File.ReadAllText(path), Is.EqualTo("a [INFO] after truncation\n"), "no run of NUL bytes before the line");
    }

    [Test]
    public void FileIsSharedForReadingWhileOpen()
    {
        string path = TempPath("shared.log");
        var file = Track(new FemtoFileHandler(path));
        file.Handle("r", FemtoLevel.Info, "readable");
        Assert.That(file.Flush(), Is.True);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var text = new StreamReader(reader, Encoding.UTF8);
        Assert.That(text.ReadToEnd(), Is.EqualTo("r [INFO] readable\n"));
    }

    [Test]
    public void AfterCloseFlushIsFalseAndHandleThrows()
    {
        string path = TempPath("closed.log");
        var file = Track(new FemtoFileHandler(path));
        file.Handle("c", FemtoLevel.Info, "before close");
        Assert.That(file.Flush(), Is.True);
        Assert.That(file.IsClosed, Is.False);

        file.Close();
        Assert.That(file.IsClosed, Is.True);
        Assert.DoesNotThrow(() => file.Close(), "Close is idempotent");
        Assert.DoesNotThrow(() => file.Dispose(), "Dispose after Close is fine");
        Assert.That(file.Flush(), Is.False);
        Assert.That(file.Flush(TimeSpan.FromSeconds(1)), Is.False);
        Assert.Throws<ObjectDisposedException>(() => file.Handle("c", FemtoLevel.Info, "after close"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("c [INFO] before close\n"), "nothing is written after close");
    }

    [Test]
    public void ClosedHandlerCountsAsAHandlerErrorThroughALogger()
    {
        string path = TempPath("closed-via-logger.log");
        var file = Track(new FemtoFileHandler(path));
        var healthy = new CollectingHandler();
        var log = NewLogger("closedvia");
        log.AddHandler(file);
        log.AddHandler(healthy);
        using var diagnostics = new DiagnosticsCapture(log.Name);

        log.Info("open");
        FlushOrFail(log);
        file.Close();
        log.Info("closed");
        log.Info("still closed");
        Assert.That(log.Flush(Patience), Is.True, "a closed handler does not make the logger's flush fail");

        Assert.That(log.HandlerErrorCount, Is.EqualTo(2));
        Assert.That(healthy.Count, Is.EqualTo(3));
        Assert.That(File.ReadAllText(path), Is.EqualTo($"{log.Name} [INFO] open\n"));
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True);
        Assert.That(diagnostics.Reports.First(r => r.Contains(log.Name, StringComparison.Ordinal)), Does.Contain(nameof(ObjectDisposedException)));
    }

    [Test]
    public void CloseWritesOutEverythingQueued()
    {
        string path = TempPath("close-drains.log");
        var file = new FemtoFileHandler(path, capacity: 100_000, flushInterval: 1_000_000, policy: "block");
        for (int i = 0; i < 20_000; i++) file.Handle("bulk", FemtoLevel.Info, "line");
        file.Close();
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(20_000));
        Assert.That(file.DroppedCount, Is.Zero);
        Assert.That(file.ErrorCount, Is.Zero);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public void BlockPolicyWritesEveryRecordWithSmallCapacities(int capacity)
    {
        const int Records = 2_000;
        string path = TempPath($"cap{capacity}.log");
        var file = Track(new FemtoFileHandler(path, capacity: capacity, policy: "block"));
        for (int i = 0; i < Records; i++) file.Handle("cap", FemtoLevel.Info, $"n{i}");
        Assert.That(file.Flush(TimeSpan.FromSeconds(5)), Is.True, "the queue must drain");
        Assert.That(file.DroppedCount, Is.Zero);
        Assert.That(File.ReadAllLines(path), Is.EqualTo(Enumerable.Range(0, Records).Select(i => $"cap [INFO] n{i}")).AsCollection);
    }

    [Test]
    public void DropPolicyCountsExactlyWhatTheHandlerDrops()
    {
        const int Sent = 200;
        string path = TempPath("drops.log");
        using var entered = new ManualResetEventSlim(false);
        using var gate = new ManualResetEventSlim(false);
        var file = Track(new FileHandlerBuilder(path)
            .WithCapacity(4)
            .WithOverflowPolicy(OverflowPolicy.Drop)
            .WithFormatter(StallOnFirst(entered, gate))
            .Build());
        try
        {
            file.Handle("d", FemtoLevel.Info, "0");
            Assert.That(entered.Wait(Patience), Is.True);
            for (int i = 1; i < Sent; i++) file.Handle("d", FemtoLevel.Info, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            gate.Set();
        }
        Assert.That(file.Flush(), Is.True);
        var lines = File.ReadAllLines(path);
        Assert.That(lines.Length + file.DroppedCount, Is.EqualTo(Sent), "written + dropped == sent");
        Assert.That(file.DroppedCount, Is.GreaterThan(0));
        Assert.That(lines, Is.EqualTo(Enumerable.Range(0, lines.Length).Select(i => $"d [INFO] {i}")).AsCollection,
            "what was written is a prefix of what was sent, in order");
    }

    [Test]
    public void TimeoutPolicyOfAHandlerWaitsThenDrops()
    {
        string path = TempPath("timeout.log");
        using var entered = new ManualResetEventSlim(false);
        using var gate = new ManualResetEventSlim(false);
        var file = Track(new FileHandlerBuilder(path)
            .WithCapacity(2)
            .WithOverflowPolicy("timeout:50")
            .WithFormatter(StallOnFirst(entered, gate))
            .Build());
        try
        {
            file.Handle("t", FemtoLevel.Info, "first");
            Assert.That(entered.Wait(Patience), Is.True);
            file.Handle("t", FemtoLevel.Info, "second");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            file.Handle("t", FemtoLevel.Info, "third");
            Assert.That(watch.Elapsed, Is.InRange(TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(3)));
            Assert.That(file.DroppedCount, Is.EqualTo(1));
        }
        finally
        {
            gate.Set();
        }
        file.Handle("t", FemtoLevel.Info, "fourth");
        Assert.That(file.Flush(), Is.True);
        Assert.That(File.ReadAllLines(path), Is.EqualTo(new[] { "t [INFO] first", "t [INFO] second", "t [INFO] fourth" }).AsCollection);
    }

    [Test]
    public void AThrowingFormatterSkipsOnlyThatRecordAndIsCounted()
    {
        string path = TempPath("formatter-throws.log");
        using var diagnostics = new DiagnosticsCapture("formatter refused");
        var file = Track(new FileHandlerBuilder(path)
            .WithFormatter(view => view.Message == "bad" ? throw new FormatException("formatter refused") : view.ToString())
            .Build());
        file.Handle("f", FemtoLevel.Info, "good 1");
        file.Handle("f", FemtoLevel.Info, "bad");
        file.Handle("f", FemtoLevel.Info, "good 2");
        file.Flush();
        Assert.That(File.ReadAllLines(path), Is.EqualTo(new[] { "f [INFO] good 1", "f [INFO] good 2" }).AsCollection,
            "no half line is left behind and the worker keeps going");
        Assert.That(file.ErrorCount, Is.EqualTo(1));
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "the failure is reported");
    }

    [Test]
    public void HandlerMinimumLevelFiltersRecords()
    {
        string path = TempPath("level.log");
        var file = Track(new FileHandlerBuilder(path).WithLevel("warning").Build());
        var log = NewLogger("hlevel");
        log.Level = FemtoLevel.Trace;
        log.AddHandler(file);
        log.Debug("no");
        log.Info("no");
        log.Warn("yes");
        log.Critical("yes too");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(File.ReadAllLines(path), Is.EqualTo(new[] { $"{log.Name} [WARN] yes", $"{log.Name} [CRITICAL] yes too" }).AsCollection);
    }

    [Test]
    public void LargeFlushIntervalKeepsRecordsOutOfTheFileUntilFlush()
    {
        string path = TempPath("buffered.log");
        using var probeEntered = new ManualResetEventSlim(false);
        using var probeGate = new ManualResetEventSlim(false);
        // The formatter stalls the handler's worker on the "probe" record: by then the five records before it
        // have been formatted and handed to the sink's buffer, and the file can be inspected.
        var file = Track(new FileHandlerBuilder(path)
            .WithFlushInterval(1000)
            .WithIdleFlushInterval(TimeSpan.FromMinutes(10))
            .WithFormatter(view =>
            {
                if (view.Message == "probe")
                {
                    probeEntered.Set();
                    probeGate.Wait(Patience);
                }
                return view.ToString();
            })
            .Build());
        try
        {
            for (int i = 0; i < 5; i++) file.Handle("buf", FemtoLevel.Info, $"r{i}");
            file.Handle("buf", FemtoLevel.Info, "probe");
            Assert.That(probeEntered.Wait(Patience), Is.True);
            Assert.That(new FileInfo(path).Length, Is.Zero, "with flushInterval 1000 nothing reaches the file before a flush");
        }
        finally
        {
            probeGate.Set();
        }
        Assert.That(file.Flush(), Is.True);
        Assert.That(File.ReadAllLines(path), Is.EqualTo(new[]
        {
            "buf [INFO] r0", "buf [INFO] r1", "buf [INFO] r2", "buf [INFO] r3", "buf [INFO] r4", "buf [INFO] probe",
        }).AsCollection);
    }

    [Test]
    public void IdleHandlerWritesOutBufferedRecordsWithoutFlush()
    {
        string path = TempPath("idle.log");
        var file = Track(new FileHandlerBuilder(path)
            .WithFlushInterval(1000)
            .WithIdleFlushInterval(TimeSpan.FromMilliseconds(100))
            .Build());
        for (int i = 0; i < 3; i++) file.Handle("idle", FemtoLevel.Info, $"quiet {i}");

        // No flush: the idle timer must push the lines out. Polling with a bounded deadline is the only way to
        // observe a timer-driven write from outside.
        var deadline = Stopwatch.StartNew();
        string[] lines = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            lines = ReadLinesShared(path);
            if (lines.Length >= 3) break;
            Thread.Sleep(20);
        }
        Assert.That(lines, Is.EqualTo(new[] { "idle [INFO] quiet 0", "idle [INFO] quiet 1", "idle [INFO] quiet 2" }).AsCollection,
            "an idle handler writes its buffered lines out without a flush");
        Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the idle interval is 100 ms");
    }

    [Test]
    public void FormatterFromIdAndTimestampedLayout()
    {
        string path = TempPath("stamped.log");
        var file = Track(new FileHandlerBuilder(path).WithFormatter("timestamped_logger").Build());
        var log = NewLogger("stamp");
        log.AddHandler(file);
        var before = DateTime.UtcNow.AddSeconds(-2);
        log.Warn("stamped");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        string line = File.ReadAllText(path);
        Assert.That(line, Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} " + log.Name + @" \[WARN\] stamped\n$"));
        var stamp = DateTime.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.That(stamp, Is.InRange(before, DateTime.UtcNow.AddSeconds(2)), "timestamps are UTC and current");
        Assert.Throws<HandlerConfigException>(() => new FileHandlerBuilder(path).WithFormatter("no-such-formatter"));
    }

    [Test]
    public void BuilderOptionsReachTheHandler()
    {
        string path = TempPath("opts.log");
        var file = Track(new FileHandlerBuilder(path)
            .WithCapacity(77)
            .WithFlushInterval(5)
            .WithOverflowPolicy(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(25)))
            .WithFlushTimeout(TimeSpan.FromSeconds(3))
            .Build());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Capacity, Is.EqualTo(77));
            Assert.That(file.FlushInterval, Is.EqualTo(5));
            Assert.That(file.OverflowPolicy, Is.EqualTo(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(25))));
            Assert.That(file.Path, Is.EqualTo(Path.GetFullPath(path)));
        }
    }

    /// <summary>A formatter that stalls the handler's worker on its first record until <paramref name="gate"/> opens.</summary>
    private static Func<FemtoRecordView, string> StallOnFirst(ManualResetEventSlim entered, ManualResetEventSlim gate)
    {
        int calls = 0;
        return view =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                entered.Set();
                gate.Wait(Patience);
            }
            return view.ToString();
        };
    }

    private static string[] ReadLinesShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
