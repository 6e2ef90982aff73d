using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers.Rotating;

/// <summary>Timed rotation driven by a fake clock: every When kind, intervals, AtTime, UTC and local time,
/// daylight saving, a clock going backwards, retention by count and age, gzip, restart and failure fallback.</summary>
public sealed class TimedRotationTests : FemtoTestBase
{
    // Sunday 29 November 2026, 13:45:17.250 UTC.
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 13, 45, 17, 250, TimeSpan.Zero);

    private FemtoTimedRotatingFileHandler Build(string path, TimeProvider clock, string when = "H", Func<TimedRotatingFileHandlerBuilder, TimedRotatingFileHandlerBuilder>? more = null)
    {
        var builder = new TimedRotatingFileHandlerBuilder(path)
            .WithWhen(when)
            .WithUtc()
            .WithBackupCount(0)
            .WithTimeProvider(clock)
            .WithOverflowPolicy(OverflowPolicy.Block)
            .WithFormatter(r => r.Message);
        return Track((more ?? (b => b))(builder).Build());
    }

    private static void Log(FemtoHandler handler, params string[] messages)
    {
        foreach (var m in messages) handler.Handle("t", FemtoLevel.Info, m);
        Assert.That(handler.Flush(Patience), Is.True);
    }

    /// <summary>Advances the clock by each step's delay, then logs its message.</summary>
    private static void Steps(FemtoHandler handler, FakeTimeProvider clock, params (TimeSpan After, string Message)[] steps)
    {
        foreach (var (after, message) in steps)
        {
            clock.Advance(after);
            Log(handler, message);
        }
    }

    /// <summary>Logs one record per hour for <paramref name="hours"/> hours, advancing the clock after each.</summary>
    private static void Hourly(FemtoHandler handler, FakeTimeProvider clock, int hours, Func<int, string> message)
    {
        for (int i = 0; i < hours; i++)
        {
            Log(handler, message(i));
            clock.Advance(TimeSpan.FromHours(1));
        }
    }

    private static string Stamp(DateTimeOffset t, string format) => t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The date of the most recent weekday <paramref name="weekday"/> (Monday = 0) on or before <paramref name="t"/>.</summary>
    private static DateTime WeekStart(DateTimeOffset t, int weekday)
    {
        int today = ((int)t.UtcDateTime.DayOfWeek + 6) % 7;
        return t.UtcDateTime.Date.AddDays(-((today - weekday + 7) % 7));
    }

    private static IEnumerable<TestCaseData> WhenKinds()
    {
        yield return new TestCaseData("S", TimeSpan.FromSeconds(1), new Func<DateTimeOffset, string>(t => Stamp(t, "yyyy-MM-dd_HH-mm-ss"))).SetArgDisplayNames("S");
        yield return new TestCaseData("M", TimeSpan.FromMinutes(1), new Func<DateTimeOffset, string>(t => Stamp(t, "yyyy-MM-dd_HH-mm"))).SetArgDisplayNames("M");
        yield return new TestCaseData("H", TimeSpan.FromHours(1), new Func<DateTimeOffset, string>(t => Stamp(t, "yyyy-MM-dd_HH"))).SetArgDisplayNames("H");
        yield return new TestCaseData("D", TimeSpan.FromDays(1), new Func<DateTimeOffset, string>(t => Stamp(t, "yyyy-MM-dd"))).SetArgDisplayNames("D");
        yield return new TestCaseData("midnight", TimeSpan.FromDays(1), new Func<DateTimeOffset, string>(t => Stamp(t, "yyyy-MM-dd"))).SetArgDisplayNames("MIDNIGHT");
        for (int d = 0; d <= 6; d++)
        {
            int weekday = d;
            yield return new TestCaseData($"W{d}", TimeSpan.FromDays(7),
                new Func<DateTimeOffset, string>(t => WeekStart(t, weekday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).SetArgDisplayNames($"W{d}");
        }
    }

    [TestCaseSource(nameof(WhenKinds))]
    public void EachWhenKindRollsOverAcrossSeveralPeriods(string when, TimeSpan period, Func<DateTimeOffset, string> suffixOf)
    {
        string path = TempPath("app.log");
        var clock = new FakeTimeProvider(Start);
        var handler = Build(path, clock, when);
        var expectedBackups = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            Log(handler, $"p{i} a", $"p{i} b");
            if (i < 3) expectedBackups.Add("app.log." + suffixOf(clock.GetUtcNow()));
            clock.Advance(period);
        }

        Assert.That(LogDir.Backups(path), Is.EqualTo(expectedBackups.Order(StringComparer.Ordinal)).AsCollection);
        for (int i = 0; i < 3; i++)
            Assert.That(LogDir.Lines(LogDir.Sibling(path, expectedBackups[i])), Is.EqualTo(new[] { $"p{i} a", $"p{i} b" }).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "p3 a", "p3 b" }).AsCollection);
        Assert.That(handler.Rotations, Is.EqualTo(3));
    }

    [Test]
    public void HourlyFilesRollAtTheTopOfTheHourAndIntervalsAlign()
    {
        string path = TempPath("six.log");
        var clock = new FakeTimeProvider(Start); // 13:45
        var handler = Build(path, clock, "H", b => b.WithInterval(6));
        Log(handler, "13:45");
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 17, 59, 59, TimeSpan.Zero));
        Log(handler, "17:59");
        Assert.That(LogDir.Backups(path), Is.Empty, "12:00-18:00 is one period");
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 18, 0, 0, TimeSpan.Zero));
        Log(handler, "18:00");
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "six.log.2026-11-29_12" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2026-11-29_12"), Is.EqualTo(new[] { "13:45", "17:59" }).AsCollection);
    }

    [Test]
    public void AtTimeSetsWhenDailyAndWeeklyFilesRoll()
    {
        string daily = TempPath("daily", "app.log");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero));
        var handler = Build(daily, clock, "D", b => b.WithAtTime(new TimeOnly(3, 0)));
        Steps(handler, clock, (TimeSpan.Zero, "02:00"), (TimeSpan.FromMinutes(59), "02:59"), (TimeSpan.FromMinutes(2), "03:01"));
        Assert.That(LogDir.Backups(daily), Is.EqualTo(new[] { "app.log.2026-11-28" }).AsCollection, "the period that began at 03:00 the day before");
        Assert.That(LogDir.Lines(daily + ".2026-11-28"), Is.EqualTo(new[] { "02:00", "02:59" }).AsCollection);

        string weekly = TempPath("weekly", "app.log");
        var wclock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero)); // Wednesday 11:00
        var w = Build(weekly, wclock, "W2", b => b.WithAtTime(new TimeOnly(12, 0)));
        Steps(w, wclock, (TimeSpan.Zero, "wed 11:00"), (TimeSpan.FromHours(1), "wed 12:00"), (TimeSpan.FromDays(6), "tue 12:00"));
        Assert.That(LogDir.Backups(weekly), Is.EqualTo(new[] { "app.log.2026-11-25" }).AsCollection);
        Assert.That(LogDir.Lines(weekly), Is.EqualTo(new[] { "wed 12:00", "tue 12:00" }).AsCollection);
    }

    [Test]
    public void LocalTimeFollowsTheProvidersZoneAndUtcDoesNot()
    {
        var india = TimeZoneInfo.CreateCustomTimeZone("test+0530", TimeSpan.FromMinutes(330), "test+0530", "test+0530");
        var at = new DateTimeOffset(2026, 11, 29, 13, 10, 0, TimeSpan.Zero); // 18:40 local

        string local = TempPath("local", "app.log");
        var clock = new FakeTimeProvider(at);
        clock.SetLocalTimeZone(india);
        var lh = Build(local, clock, "H", b => b.WithUtc(false));
        Log(lh, "18:40 local");
        clock.Advance(TimeSpan.FromMinutes(25)); // 19:05 local, 13:35 UTC
        Log(lh, "19:05 local");
        Assert.That(LogDir.Backups(local), Is.EqualTo(new[] { "app.log.2026-11-29_18" }).AsCollection, "named and rolled in local time");

        string utc = TempPath("utc", "app.log");
        var uclock = new FakeTimeProvider(at);
        uclock.SetLocalTimeZone(india);
        var uh = Build(utc, uclock, "H");
        Log(uh, "13:10 UTC");
        uclock.Advance(TimeSpan.FromMinutes(25));
        Log(uh, "13:35 UTC");
        Assert.That(LogDir.Backups(utc), Is.Empty);
        uclock.Advance(TimeSpan.FromMinutes(25));
        Log(uh, "14:00 UTC");
        Assert.That(LogDir.Backups(utc), Is.EqualTo(new[] { "app.log.2026-11-29_13" }).AsCollection);
    }

    [Test]
    public void TheRepeatedHourWhenDaylightTimeEndsGoesIntoOneFile()
    {
        string path = TempPath("dst.log");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero)); // 02:30 CEST
        clock.SetLocalTimeZone(RolloverScheduleTests.CentralEurope());
        var handler = Build(path, clock, "H", b => b.WithUtc(false));
        Log(handler, "02:30 CEST");
        clock.Advance(TimeSpan.FromHours(1));
        Log(handler, "02:30 CET");
        Assert.That(LogDir.Backups(path), Is.Empty, "the wall clock never left 02:xx");
        clock.Advance(TimeSpan.FromHours(1));
        Log(handler, "03:30 CET");
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "dst.log.2026-10-25_02" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2026-10-25_02"), Is.EqualTo(new[] { "02:30 CEST", "02:30 CET" }).AsCollection);
    }

    [Test]
    public void AClockGoingBackwardsNeverRotatesTwiceIntoOneNameNorLosesTheLiveFile()
    {
        string path = TempPath("back.log");
        var clock = new WallClock(new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.Zero));
        var handler = Build(path, clock);
        Log(handler, "10:30");
        clock.Now = new DateTimeOffset(2026, 11, 29, 11, 5, 0, TimeSpan.Zero);
        Log(handler, "11:05");
        clock.Now = new DateTimeOffset(2026, 11, 29, 10, 40, 0, TimeSpan.Zero); // NTP steps back
        Log(handler, "10:40 again");
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "back.log.2026-11-29_10" }).AsCollection, "no rotation until the scheduled rollover");
        clock.Now = new DateTimeOffset(2026, 11, 29, 11, 59, 0, TimeSpan.Zero);
        Log(handler, "11:59");
        clock.Now = new DateTimeOffset(2026, 11, 29, 12, 1, 0, TimeSpan.Zero);
        Log(handler, "12:01");

        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "back.log.2026-11-29_10", "back.log.2026-11-29_11" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2026-11-29_10"), Is.EqualTo(new[] { "10:30" }).AsCollection);
        Assert.That(LogDir.Lines(path + ".2026-11-29_11"), Is.EqualTo(new[] { "11:05", "10:40 again", "11:59" }).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "12:01" }).AsCollection);
        Assert.That(handler.ErrorCount, Is.Zero);
    }

    [Test]
    public void AnExistingBackupIsNeverOverwritten()
    {
        // A restart after the clock went back: the live file was last written at 10:20, and 10:00's backup exists.
        string path = TempPath("keep.log");
        File.WriteAllText(path + ".2026-11-29_10", "precious\n");
        File.WriteAllText(path, "live 10:20\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 29, 10, 20, 0, DateTimeKind.Utc));
        using var reports = new DiagnosticsCapture("never overwritten");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 11, 5, 0, TimeSpan.Zero));
        var handler = Build(path, clock);
        Log(handler, "11:05");

        Assert.That(File.ReadAllText(path + ".2026-11-29_10"), Is.EqualTo("precious\n"));
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "live 10:20", "11:05" }).AsCollection, "the live file continues");
        Assert.That(reports.Seen.Wait(Patience), Is.True);
        Assert.That(handler.RotationFailures, Is.EqualTo(1));

        clock.Advance(TimeSpan.FromHours(1));
        Log(handler, "12:05");
        Assert.That(LogDir.Lines(path + ".2026-11-29_11"), Is.EqualTo(new[] { "live 10:20", "11:05" }).AsCollection,
            "the next rotation names the file by the period it continued in");
    }

    [Test]
    public void AQuietPeriodMakesNoBackup()
    {
        string path = TempPath("quiet.log");
        var clock = new FakeTimeProvider(Start);
        var handler = Build(path, clock);
        Log(handler, "13:45");
        clock.Advance(TimeSpan.FromHours(5));
        Log(handler, "18:45");
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "quiet.log.2026-11-29_13" }).AsCollection);
    }

    [TestCase(2, new[] { "n.log.2026-11-29_16", "n.log.2026-11-29_17" })]
    [TestCase(0, new[] { "n.log.2026-11-29_13", "n.log.2026-11-29_14", "n.log.2026-11-29_15", "n.log.2026-11-29_16", "n.log.2026-11-29_17" })]
    public void BackupCountKeepsTheNewestAndZeroKeepsAll(int backupCount, string[] expected)
    {
        string path = TempPath("n.log");
        File.WriteAllText(TempPath("n.log.unrelated"), "not ours\n");
        File.WriteAllText(TempPath("n.log.2026-11-29"), "a daily name: not this hourly handler's\n");
        var clock = new FakeTimeProvider(Start);
        var handler = Build(path, clock, "H", b => b.WithBackupCount(backupCount));
        Hourly(handler, clock, 6, i => $"hour {i}");
        Assert.That(LogDir.Backups(path).Where(n => n.Contains('_')), Is.EqualTo(expected).AsCollection);
        Assert.That(File.Exists(TempPath("n.log.unrelated")) && File.Exists(TempPath("n.log.2026-11-29")), Is.True,
            "only names this handler writes are counted or deleted");
    }

    [Test]
    public void CompressedBackupsCountTowardsBackupCount()
    {
        string path = TempPath("gzcount.log");
        var clock = new FakeTimeProvider(Start);
        var handler = Build(path, clock, "H", b => b.WithBackupCount(2).WithCompression());
        Hourly(handler, clock, 5, i => $"hour {i}");
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "gzcount.log.2026-11-29_15.gz", "gzcount.log.2026-11-29_16.gz" }).AsCollection);
    }

    [Test]
    public void MaxAgeDeletesBackupsWhosePeriodStartedTooLongAgo()
    {
        string path = TempPath("age.log");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.Zero));
        var handler = Build(path, clock, "H", b => b.WithMaxAge(TimeSpan.FromHours(3)));
        Hourly(handler, clock, 6, i => $"{10 + i}:30");
        // The last rotation ran at 15:30: periods that began at 12:00 or earlier are over three hours old.
        Assert.That(LogDir.Backups(path), Is.EqualTo(new[] { "age.log.2026-11-29_13", "age.log.2026-11-29_14" }).AsCollection);
    }

    [Test]
    public void CompressedTimedBackupsDecompressToTheExactLines()
    {
        string path = TempPath("gz.log");
        var clock = new FakeTimeProvider(Start);
        var handler = Build(path, clock, "M", b => b.WithCompression());
        var expected = new Dictionary<string, string[]>();
        for (int i = 0; i < 3; i++)
        {
            var lines = Enumerable.Range(0, 500).Select(j => $"minute {i} line {j} {new string('z', j % 40)}").ToArray();
            expected["gz.log." + Stamp(clock.GetUtcNow(), "yyyy-MM-dd_HH-mm") + ".gz"] = lines;
            Log(handler, lines);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        Log(handler, "last");
        handler.Close();

        Assert.That(LogDir.Backups(path), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)).AsCollection);
        foreach (var (name, lines) in expected) Assert.That(LogDir.Lines(LogDir.Sibling(path, name)), Is.EqualTo(lines).AsCollection, name);
        Assert.That(handler.CompressedCount, Is.EqualTo(3));
    }

    [Test]
    public void ARestartedHandlerContinuesThePeriodTheFileWasLastWrittenIn()
    {
        string path = TempPath("restart.log");
        File.WriteAllText(path, "before restart\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 29, 10, 20, 0, DateTimeKind.Utc));

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 50, 0, TimeSpan.Zero));
        var same = Build(path, clock);
        Log(same, "10:50");
        same.Close();
        Assert.That(LogDir.Backups(path), Is.Empty, "still 10:00's period");

        File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 29, 10, 50, 0, DateTimeKind.Utc));
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 11, 5, 0, TimeSpan.Zero));
        var next = Build(path, clock);
        Log(next, "11:05");
        Assert.That(LogDir.Lines(path + ".2026-11-29_10"), Is.EqualTo(new[] { "before restart", "10:50" }).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "11:05" }).AsCollection);
    }

    [Test]
    public void FailedRotationKeepsAppendingAndRetriesAtTheNextRollover()
    {
        string path = TempPath("occupied.log");
        Directory.CreateDirectory(path + ".2026-11-29_10");
        using var reports = new DiagnosticsCapture("rotation failed");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 30, 0, TimeSpan.Zero));
        var handler = Build(path, clock);
        Log(handler, "10:30");
        clock.Advance(TimeSpan.FromHours(1));
        Log(handler, "11:30 a", "11:30 b");
        Assert.That(reports.Seen.Wait(Patience), Is.True);
        Assert.That(handler.RotationFailures, Is.EqualTo(1), "once for the rollover, not per record");
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "10:30", "11:30 a", "11:30 b" }).AsCollection);

        clock.Advance(TimeSpan.FromHours(1));
        Log(handler, "12:30");
        Assert.That(handler.Rotations, Is.EqualTo(1));
        Assert.That(LogDir.Lines(path + ".2026-11-29_11"), Is.EqualTo(new[] { "10:30", "11:30 a", "11:30 b" }).AsCollection);
        Assert.That(LogDir.Lines(path), Is.EqualTo(new[] { "12:30" }).AsCollection);
        Assert.That(handler.DroppedCount, Is.Zero);
    }

    [Test]
    public void OptionsHaveTheDocumentedDefaults()
    {
        var options = new TimedHandlerOptions();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.When, Is.EqualTo("midnight"));
            Assert.That(options.Interval, Is.EqualTo(1));
            Assert.That(options.BackupCount, Is.EqualTo(7));
            Assert.That(options.Utc, Is.False);
            Assert.That(options.AtTime, Is.Null);
            Assert.That(options.Capacity, Is.EqualTo(1024));
            Assert.That(options.FlushInterval, Is.EqualTo(1));
            Assert.That(options.Policy, Is.EqualTo("drop"));
        }
        var handler = Track(new FemtoTimedRotatingFileHandler(TempPath("defaults.log"), new TimedHandlerOptions { When = "w6", AtTime = new TimeOnly(4, 0), Policy = "block" }));
        Assert.That(handler.Rotation, Is.EqualTo(new TimedRotation { When = "w6", AtTime = new TimeOnly(4, 0) }));
        Assert.That(handler.OverflowPolicy, Is.SameAs(OverflowPolicy.Block));
    }
}
