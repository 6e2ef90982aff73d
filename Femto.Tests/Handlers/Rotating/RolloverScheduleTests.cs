namespace Femto.Tests.Handlers.Rotating;

/// <summary>The pure timed-rotation arithmetic: aligned periods, CPython backup suffixes, AtTime, weekdays, and
/// wall-clock boundaries across daylight-saving changes.</summary>
public sealed class RolloverScheduleTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    private static RolloverSchedule UtcSchedule(string when, int interval = 1, TimeOnly? at = null) =>
        RolloverSchedule.Create(when, interval, at, TimeZoneInfo.Utc);

    [TestCase("S", 1, "2026-11-29_13-45-17", "2026-11-29_13-45-18")]
    [TestCase("s", 10, "2026-11-29_13-45-10", "2026-11-29_13-45-20")]
    [TestCase("M", 1, "2026-11-29_13-45", "2026-11-29_13-46")]
    [TestCase("M", 15, "2026-11-29_13-45", "2026-11-29_14-00")]
    [TestCase("H", 1, "2026-11-29_13", "2026-11-29_14")]
    [TestCase("H", 6, "2026-11-29_12", "2026-11-29_18")]
    [TestCase("D", 1, "2026-11-29", "2026-11-30")]
    [TestCase(" midnight ", 1, "2026-11-29", "2026-11-30")]
    [TestCase("W0", 1, "2026-11-23", "2026-11-30")] // Monday 23 Nov 2026
    [TestCase("w6", 1, "2026-11-29", "2026-12-06")] // Sunday 29 Nov 2026
    [TestCase("W3", 1, "2026-11-26", "2026-12-03")] // Thursday
    public void PeriodsAreAlignedAndNamedAsCPythonNamesThem(string when, int interval, string suffix, string nextSuffix)
    {
        var schedule = UtcSchedule(when, interval);
        var instant = Utc(2026, 11, 29, 13, 45, 17);
        var start = schedule.PeriodStart(instant);
        Assert.That(schedule.Suffix(start), Is.EqualTo(suffix));
        var end = schedule.PeriodEnd(start);
        Assert.That(end, Is.GreaterThan(instant));
        Assert.That(schedule.Suffix(schedule.PeriodStart(end)), Is.EqualTo(nextSuffix));
        Assert.That(schedule.PeriodStart(end.AddTicks(-1)), Is.EqualTo(start), "the period ends exactly at its end");
        Assert.That(schedule.TryParseSuffix(suffix, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(start));
    }

    [Test]
    public void AtTimeMovesDailyAndWeeklyBoundaries()
    {
        var daily = UtcSchedule("D", 1, new TimeOnly(3, 30));
        Assert.That(daily.Suffix(daily.PeriodStart(Utc(2026, 11, 29, 3, 29))), Is.EqualTo("2026-11-28"));
        Assert.That(daily.Suffix(daily.PeriodStart(Utc(2026, 11, 29, 3, 30))), Is.EqualTo("2026-11-29"));
        Assert.That(daily.PeriodEnd(daily.PeriodStart(Utc(2026, 11, 29, 12))), Is.EqualTo(Utc(2026, 11, 30, 3, 30)));

        var weekly = UtcSchedule("W4", 1, new TimeOnly(18, 0)); // Friday 18:00
        Assert.That(weekly.Suffix(weekly.PeriodStart(Utc(2026, 11, 27, 17, 59))), Is.EqualTo("2026-11-20"));
        Assert.That(weekly.Suffix(weekly.PeriodStart(Utc(2026, 11, 27, 18, 0))), Is.EqualTo("2026-11-27"));
        Assert.That(weekly.TryParseSuffix("2026-11-27", out var start), Is.True);
        Assert.That(start, Is.EqualTo(new DateTime(2026, 11, 27, 18, 0, 0)), "the name's period start includes AtTime");
    }

    [Test]
    public void EveryIntervalDaysCountsFromTheEpoch()
    {
        var schedule = UtcSchedule("D", 2);
        var start = schedule.PeriodStart(Utc(2026, 11, 29, 12));
        Assert.That((start - new DateTime(1970, 1, 1)).TotalDays % 2, Is.Zero);
        Assert.That(schedule.PeriodEnd(start) - new DateTimeOffset(start, TimeSpan.Zero), Is.EqualTo(TimeSpan.FromDays(2)));
    }

    [Test]
    public void LocalZoneWithAHalfHourOffsetRollsAtTheLocalTopOfTheHour()
    {
        var india = TimeZoneInfo.CreateCustomTimeZone("test+0530", TimeSpan.FromMinutes(330), "test+0530", "test+0530");
        var schedule = RolloverSchedule.Create("H", 1, null, india);
        var start = schedule.PeriodStart(Utc(2026, 11, 29, 13, 10)); // 18:40 local
        Assert.That(schedule.Suffix(start), Is.EqualTo("2026-11-29_18"));
        Assert.That(schedule.PeriodEnd(start), Is.EqualTo(Utc(2026, 11, 29, 13, 30)), "19:00 local");
    }

    /// <summary>A zone at UTC+1 with daylight time (+2) from the last Sunday of March 02:00 to the last Sunday of
    /// October 03:00 local, as in central Europe.</summary>
    internal static TimeZoneInfo CentralEurope()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("test-cet", TimeSpan.FromHours(1), "test CET", "test CET", "test CEST", [rule]);
    }

    [Test]
    public void TheRepeatedHourAtTheEndOfDaylightTimeStaysInOnePeriod()
    {
        var schedule = RolloverSchedule.Create("H", 1, null, CentralEurope());
        // 25 Oct 2026: 03:00 CEST → 02:00 CET, so 02:00–03:00 local happens twice (00:00–02:00 UTC).
        var first = schedule.PeriodStart(Utc(2026, 10, 25, 0, 30)); // 02:30 CEST
        Assert.That(schedule.Suffix(first), Is.EqualTo("2026-10-25_02"));
        Assert.That(schedule.PeriodEnd(first), Is.EqualTo(Utc(2026, 10, 25, 2, 0)), "03:00 CET, after the second pass");
        Assert.That(schedule.PeriodStart(Utc(2026, 10, 25, 1, 30)), Is.EqualTo(first), "the second 02:30 is the same period");
        var previous = schedule.PeriodStart(Utc(2026, 10, 24, 23, 30)); // 01:30 CEST
        Assert.That(schedule.PeriodEnd(previous), Is.EqualTo(Utc(2026, 10, 25, 0, 0)), "02:00 the first time round");
    }

    [Test]
    public void ABoundaryInTheSkippedHourHappensWhenTheClocksJump()
    {
        var schedule = RolloverSchedule.Create("H", 1, null, CentralEurope());
        // 29 Mar 2026: 02:00 CET → 03:00 CEST at 01:00 UTC; 02:xx local never happens.
        var start = schedule.PeriodStart(Utc(2026, 3, 29, 0, 30)); // 01:30 CET
        Assert.That(schedule.Suffix(start), Is.EqualTo("2026-03-29_01"));
        Assert.That(schedule.PeriodEnd(start), Is.EqualTo(Utc(2026, 3, 29, 1, 0)));
        Assert.That(schedule.Suffix(schedule.PeriodStart(Utc(2026, 3, 29, 1, 0))), Is.EqualTo("2026-03-29_03"));
    }

    [TestCase("")]
    [TestCase("X")]
    [TestCase("W7")]
    [TestCase("hourly")]
    [TestCase("W")]
    public void UnknownWhenIsRejectedQuotingIt(string when)
    {
        var ex = Assert.Throws<ArgumentException>(() => UtcSchedule(when));
        Assert.That(ex!.Message, Does.Contain($"'{when}'"));
        Assert.That(ex.ParamName, Is.EqualTo("when"));
    }

    [TestCase("S")]
    [TestCase("M")]
    [TestCase("h")]
    public void AtTimeWithSecondsMinutesOrHoursIsAConfigError(string when)
    {
        Assert.Throws<HandlerConfigException>(() => UtcSchedule(when, 1, new TimeOnly(3, 0)));
    }

    [Test]
    public void SuffixesOfOtherSchedulesAreNotBackups()
    {
        Assert.That(UtcSchedule("H").TryParseSuffix("2026-11-29", out _), Is.False);
        Assert.That(UtcSchedule("D").TryParseSuffix("2026-11-29_13", out _), Is.False);
        Assert.That(UtcSchedule("D").TryParseSuffix("1", out _), Is.False);
        Assert.That(UtcSchedule("D").TryParseSuffix("2026-11-29", out _), Is.True);
    }
}
