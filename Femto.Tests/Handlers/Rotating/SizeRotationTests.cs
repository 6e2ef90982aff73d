using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers.Rotating;

/// <summary>Size rotation: when it happens, names, retention, oversize records, restart, compression, failure
/// fallback and several writers.</summary>
public sealed class SizeRotationTests : FemtoTestBase
{
    /// <summary>Lines of exactly 20 bytes with the message formatter: "record 000000000001\n" is 20 bytes.</summary>
    private static string Line(int i) => "record " + i.ToString("D12", CultureInfo.InvariantCulture);

    private FemtoRotatingFileHandler Build(string path, long maxBytes, int backups, Func<RotatingFileHandlerBuilder, RotatingFileHandlerBuilder>? more = null)
    {
        var builder = new RotatingFileHandlerBuilder(path)
            .WithMaxBytes(maxBytes)
            .WithBackupCount(backups)
            .WithOverflowPolicy(OverflowPolicy.Block)
            .WithFormatter(r => r.Message);
        return Track((more ?? (b => b))(builder).Build());
    }

    private static void Write(FemtoHandler handler, int from, int count)
    {
        for (int i = from; i < from + count; i++) handler.Handle("s", FemtoLevel.Info, Line(i));
        Assert.That(handler.Flush(Patience), Is.True);
    }

    [Test]
    public void RotatesBeforeAWriteWouldPassMaxBytesAndShiftsBackups()
    {
        string path = TempPath("app.log");
        var handler = Build(path, maxBytes: 100, backups: 3);
        Write(handler, 0, 23); // five 20-byte lines per file: four full files and three lines live

        Assert.That(LogDir.Names(path), Is.EqualTo(new[] { "app.log", "app.log.1", "app.log.2", "app.log.3" }).AsCollection,
            "the oldest full file was deleted");
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(20, 3).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".1"), Is.EqualTo(Enumerable.Range(15, 5).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".2"), Is.EqualTo(Enumerable.Range(10, 5).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".3"), Is.EqualTo(Enumerable.Range(5, 5).Select(Line)).AsCollection);
        foreach (var f in new[] { path, path + ".1", path + ".2", path + ".3" })
            Assert.That(new FileInfo(f).Length, Is.LessThanOrEqualTo(100));
        Assert.That(handler.Rotations, Is.EqualTo(4));
        Assert.That(handler.ErrorCount, Is.Zero);
        Assert.That(handler.DroppedCount, Is.Zero);
    }

    [Test]
    public void ARecordIsNeverSplitAndAnOversizeRecordIsWrittenAlone()
    {
        string path = TempPath("big.log");
        var handler = Build(path, maxBytes: 50, backups: 10);
        string big = new('x', 120);
        handler.Handle("s", FemtoLevel.Info, "small 1");
        handler.Handle("s", FemtoLevel.Info, big);
        handler.Handle("s", FemtoLevel.Info, big);
        handler.Handle("s", FemtoLevel.Info, "small 2");
        Assert.That(handler.Flush(Patience), Is.True);

        Assert.That(LogDir.Lines(path + ".3"), Is.EqualTo(new[] { "small 1" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2"), Is.EqualTo(new[] { big }).AsCollection, "the oversize record alone");
        Assert.That(LogDir.Lines(path + ".1"), Is.EqualTo(new[] { big }).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "small 2" }).AsCollection);
        Assert.That(LogDir.Backups(path), Has.Length.EqualTo(3), "no empty backups");
    }

    [Test]
    public void AnOversizeFirstRecordMakesNoEmptyBackup()
    {
        string path = TempPath("first-big.log");
        var handler = Build(path, maxBytes: 10, backups: 2);
        handler.Handle("s", FemtoLevel.Info, new string('y', 30));
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(LogDir.Names(path), Is.EqualTo(new[] { "first-big.log" }).AsCollection);
    }

    [Test]
    public void ZeroZeroDisablesRotation()
    {
        string path = TempPath("plain.log");
        var handler = Track(new FemtoRotatingFileHandler(path, new HandlerOptions { Rotation = (0, 0), Policy = "block" }));
        for (int i = 0; i < 500; i++) handler.Handle("s", FemtoLevel.Info, Line(i));
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(LogDir.Names(path), Is.EqualTo(new[] { "plain.log" }).AsCollection);
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(500));
        Assert.That(handler.Rotation.Enabled, Is.False);
    }

    [Test]
    public void HandlerOptionsCarryCapacityFlushIntervalPolicyAndRotation()
    {
        string path = TempPath("opts.log");
        var handler = Track(new FemtoRotatingFileHandler(path, new HandlerOptions { Capacity = 77, FlushInterval = 5, Policy = "timeout:20", Rotation = (1024, 3) }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Capacity, Is.EqualTo(77));
            Assert.That(handler.FlushInterval, Is.EqualTo(5));
            Assert.That(handler.OverflowPolicy, Is.EqualTo(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(20))));
            Assert.That(handler.Rotation.MaxBytes, Is.EqualTo(1024));
            Assert.That(handler.Rotation.BackupCount, Is.EqualTo(3));
            Assert.That(handler.Path, Is.EqualTo(Path.GetFullPath(path)));
        }
    }

    [Test]
    public void ARestartedHandlerContinuesTheExistingFilesSize()
    {
        string path = TempPath("restart.log");
        using (var first = Build(path, maxBytes: 100, backups: 2)) Write(first, 0, 3); // 60 bytes
        var second = Build(path, maxBytes: 100, backups: 2);
        Write(second, 3, 3); // 60 more would pass 100: rotates after the second of these

        Assert.That(LogDir.Lines(path + ".1"), Is.EqualTo(Enumerable.Range(0, 5).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { Line(5) }).AsCollection);
    }

    [Test]
    public void FailedRotationKeepsAppendingReportsOncePerRotationPointAndRetriesAtTheNext()
    {
        string path = TempPath("fallback.log");
        Directory.CreateDirectory(path + ".1"); // the backup path is occupied by a directory
        using var reports = new DiagnosticsCapture("rotation failed");
        var handler = Build(path, maxBytes: 100, backups: 2);

        Write(handler, 0, 9); // the rotation point at line 5 fails; the next one is 100 bytes further
        Assert.That(reports.Seen.Wait(Patience), Is.True, "the failure is reported");
        Assert.That(reports.Reports.Single(r => r.Contains("rotation failed", StringComparison.Ordinal)), Does.Contain("app.log.1").Or.Contain("fallback.log.1"));
        Assert.That(handler.RotationFailures, Is.EqualTo(1), "once for this rotation point, not once per record");
        Assert.That(handler.ErrorCount, Is.EqualTo(1));
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(0, 9).Select(Line)).AsCollection, "nothing lost: still appending");

        Directory.Delete(path + ".1");
        Write(handler, 9, 3); // passes 200 bytes at line 10: the retry succeeds
        Assert.That(handler.RotationFailures, Is.EqualTo(1));
        Assert.That(handler.Rotations, Is.EqualTo(1));
        Assert.That(LogDir.Lines(path + ".1"), Is.EqualTo(Enumerable.Range(0, 10).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(10, 2).Select(Line)).AsCollection);
        Assert.That(handler.DroppedCount, Is.Zero);
    }

    [Test]
    public void AnOccupiedOlderBackupStopsTheShiftWithoutLosingAnything()
    {
        string path = TempPath("shift.log");
        var handler = Build(path, maxBytes: 100, backups: 3);
        Write(handler, 0, 10); // .1 holds 0-4, live 5-9
        Directory.CreateDirectory(path + ".2"); // now .1 cannot move up
        Write(handler, 10, 1);
        Assert.That(handler.RotationFailures, Is.EqualTo(1));
        var all = LogDir.Lines(path + ".1").Concat(LogDir.Lines(path));
        Assert.That(all, Is.EqualTo(Enumerable.Range(0, 11).Select(Line)).AsCollection);
    }

    [Test]
    public void CompressedBackupsDecompressToTheExactLines()
    {
        string path = TempPath("zip.log");
        var handler = Build(path, maxBytes: 200, backups: 3, b => b.WithCompression());
        Write(handler, 0, 45); // ten lines per file: 0-9 deleted, .3 = 10-19, .2 = 20-29, .1 = 30-39, live 40-44
        // Small backups are compressed by the worker right after the batch that rotated: no Close needed.
        Assert.That(handler.IsCompressing, Is.False);
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "zip.log.1.gz", "zip.log.2.gz", "zip.log.3.gz" }).AsCollection);
        handler.Close();

        Assert.That(LogDir.Names(path), Is.EqualTo(new[] { "zip.log", "zip.log.1.gz", "zip.log.2.gz", "zip.log.3.gz" }).AsCollection,
            "every closed backup is compressed; no plain copy or partial file remains");
        Assert.That(LogDir.Lines(path + ".3.gz"), Is.EqualTo(Enumerable.Range(10, 10).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".2.gz"), Is.EqualTo(Enumerable.Range(20, 10).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".1.gz"), Is.EqualTo(Enumerable.Range(30, 10).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(40, 5).Select(Line)).AsCollection);
        Assert.That(handler.CompressedCount, Is.EqualTo(4), "four backups were compressed; the oldest was later deleted");
        Assert.That(handler.ErrorCount, Is.Zero);
    }

    [Test]
    public void ABackupLargerThanOneSliceIsCompressedAcrossBatchesAndDecompressesExactly()
    {
        string path = TempPath("large.log");
        var handler = Build(path, maxBytes: 200 * 1024, backups: 2, b => b.WithCompression());
        Write(handler, 0, 25_000); // 20-byte lines: 10,240 per file, two backups of 200 KiB (four 64 KiB slices each)
        handler.Close();
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "large.log.1.gz", "large.log.2.gz" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2.gz"), Is.EqualTo(Enumerable.Range(0, 10_240).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path + ".1.gz"), Is.EqualTo(Enumerable.Range(10_240, 10_240).Select(Line)).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(20_480, 4_520).Select(Line)).AsCollection);
        Assert.That(new FileInfo(path + ".1.gz").Length, Is.LessThan(200 * 1024 / 4), "actually compressed");
    }

    [Test]
    public void CompressionFinishesWhatACrashLeft()
    {
        string path = TempPath("crash.log");
        // A crash mid-compression: the plain backup and a torn partial file.
        File.WriteAllText(path + ".1", "old 1\nold 2\n");
        File.WriteAllBytes(path + ".1.gz.tmp", [0x1f, 0x8b, 0x08]);
        // A crash after the rename: both forms, the compressed one complete.
        File.WriteAllText(path + ".2", "older\n");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path + ".2.gz"), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write("older\n"u8);

        var handler = Build(path, maxBytes: 1000, backups: 3, b => b.WithCompression());
        Write(handler, 0, 1);
        handler.Close();

        Assert.That(LogDir.Names(path), Is.EqualTo(new[] { "crash.log", "crash.log.1.gz", "crash.log.2.gz" }).AsCollection);
        Assert.That(LogDir.Text(path + ".1.gz"), Is.EqualTo("old 1\nold 2\n"));
        Assert.That(LogDir.Text(path + ".2.gz"), Is.EqualTo("older\n"));
    }

    [Test]
    public void MaxAgeDeletesBackupsLastWrittenTooLongAgoOnTheHandlersClock()
    {
        string path = TempPath("aged.log");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = Build(path, maxBytes: 100, backups: 10, b => b.WithMaxAge(TimeSpan.FromDays(1)).WithTimeProvider(clock));
        Write(handler, 0, 15); // .2 = 0-4, .1 = 5-9, live 10-14
        File.SetLastWriteTimeUtc(path + ".2", clock.GetUtcNow().UtcDateTime.AddDays(-3));
        File.SetLastWriteTimeUtc(path + ".1", clock.GetUtcNow().UtcDateTime.AddHours(-1));

        Write(handler, 15, 5); // the next rotation enforces the age limit
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "aged.log.1", "aged.log.2" }).AsCollection,
            "the three-day-old backup (now .3) is gone; the hour-old one and the fresh one stay");
        Assert.That(LogDir.Lines(path + ".2"), Is.EqualTo(Enumerable.Range(5, 5).Select(Line)).AsCollection);

        // Two days on (the handler's clock, not the file system's), every backup is older than a day.
        clock.Advance(TimeSpan.FromDays(2));
        Write(handler, 20, 5);
        Assert.That(LogDir.Backups(path), Is.Empty);
        Assert.That(LogDir.Lines(path), Is.EqualTo(Enumerable.Range(20, 5).Select(Line)).AsCollection);
    }

    [Test]
    public void TwoWritersRotatingOneFileTearNoLineAndLoseNothing()
    {
        // Two handlers on one path stand for two processes; each rotates on its own count.
        const int PerWriter = 4_000;
        string path = TempPath("shared.log");
        using var quiet = new DiagnosticsCapture(_ => false);
        var a = Build(path, maxBytes: 8 * 1024, backups: 1000);
        var b = Build(path, maxBytes: 8 * 1024, backups: 1000);
        var ta = Task.Run(() => Write(a, 0, PerWriter));
        var tb = Task.Run(() => Write(b, PerWriter, PerWriter));
        Assert.That(Task.WaitAll([ta, tb], Patience), Is.True);
        a.Close();
        b.Close();

        var lines = LogDir.Names(path).SelectMany(n => LogDir.Lines(LogDir.Sibling(path, n))).ToList();
        Assert.That(lines.Where(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^record \d{12}$")), Is.Empty, "no torn line");
        Assert.That(lines.Order(StringComparer.Ordinal), Is.EqualTo(Enumerable.Range(0, 2 * PerWriter).Select(Line)).AsCollection,
            "every record exactly once");
    }
}
