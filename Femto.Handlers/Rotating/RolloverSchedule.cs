using System.Globalization;

namespace Femto.Handlers;

/// <summary>When a timed rotating file rolls over and what its backups are called: pure calculations on wall-clock
/// time in one time zone, apart from any IO (as serilog-sinks-file keeps <c>PathRoller</c> apart).</summary>
/// <remarks>
/// <para>Periods are aligned to the clock: they are counted from 1970-01-01 00:00 in the schedule's zone (plus
/// <c>AtTime</c> for daily and weekly schedules), so any interval that divides a day starts at round times (an
/// hourly file rolls at the top of the hour, a 15-minute one at :00, :15, :30, :45), and weekly schedules start on
/// their weekday. Boundaries are wall-clock times: across a daylight-saving change the repeated hour stays in one
/// period, and a boundary that falls in the skipped hour happens when the clocks jump past it.</para>
/// <para>A backup's suffix is the start of its period, formatted as CPython's TimedRotatingFileHandler formats it
/// (<c>%Y-%m-%d_%H-%M-%S</c>, <c>%Y-%m-%d_%H-%M</c>, <c>%Y-%m-%d_%H</c>, <c>%Y-%m-%d</c>).</para>
/// </remarks>
internal sealed class RolloverSchedule
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly long _periodTicks;
    private readonly long _offsetTicks;

    private RolloverSchedule(RolloverUnit unit, int interval, TimeOnly? atTime, int weekday, TimeZoneInfo zone)
    {
        Unit = unit;
        Interval = interval;
        AtTime = atTime;
        Zone = zone;
        long unitTicks = unit switch
        {
            RolloverUnit.Second => TimeSpan.TicksPerSecond,
            RolloverUnit.Minute => TimeSpan.TicksPerMinute,
            RolloverUnit.Hour => TimeSpan.TicksPerHour,
            RolloverUnit.Day => TimeSpan.TicksPerDay,
            _ => 7 * TimeSpan.TicksPerDay,
        };
        _periodTicks = checked(unitTicks * interval);
        // Where period 0 starts: the epoch, moved to AtTime and, for weekly schedules, to the first of their
        // weekday (1970-01-01 was a Thursday; Monday = 0 as in Python, so Thursday = 3).
        long offset = (atTime ?? TimeOnly.MinValue).Ticks;
        if (unit == RolloverUnit.Week) offset += ((weekday - 3 + 7) % 7) * TimeSpan.TicksPerDay;
        _offsetTicks = offset;
        SuffixFormat = unit switch
        {
            RolloverUnit.Second => "yyyy-MM-dd_HH-mm-ss",
            RolloverUnit.Minute => "yyyy-MM-dd_HH-mm",
            RolloverUnit.Hour => "yyyy-MM-dd_HH",
            _ => "yyyy-MM-dd",
        };
    }

    /// <summary>The unit periods are measured in.</summary>
    public RolloverUnit Unit { get; }

    /// <summary>Units per period.</summary>
    public int Interval { get; }

    /// <summary>Time of day daily and weekly periods start at (null: midnight).</summary>
    public TimeOnly? AtTime { get; }

    /// <summary>The zone whose wall clock periods follow (UTC, or the handler's local zone).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The .NET format of backup suffixes (the period start).</summary>
    public string SuffixFormat { get; }

    /// <summary>Parses a CPython <c>when</c> value and checks the combination.</summary>
    /// <exception cref="ArgumentException"><paramref name="when"/> is not S, M, H, D, MIDNIGHT or W0–W6.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    /// <exception cref="HandlerConfigException"><paramref name="atTime"/> is given with S, M or H.</exception>
    public static RolloverSchedule Create(string when, int interval, TimeOnly? atTime, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (unit, weekday) = ParseWhen(when);
        if (interval <= 0) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        if (atTime is not null && unit is RolloverUnit.Second or RolloverUnit.Minute or RolloverUnit.Hour)
            throw new HandlerConfigException($"AtTime applies only to daily and weekly rotation (D, MIDNIGHT, W0-W6), not to '{when.Trim()}'.");
        return new RolloverSchedule(unit, interval, atTime, weekday, zone);
    }

    /// <summary>Parses <c>S</c>, <c>M</c>, <c>H</c>, <c>D</c>, <c>MIDNIGHT</c>, <c>W0</c>–<c>W6</c> (case-insensitive,
    /// surrounding whitespace ignored); the weekday is 0 (Monday) to 6 for W*, else -1.</summary>
    /// <exception cref="ArgumentException">Anything else, quoting it.</exception>
    public static (RolloverUnit Unit, int Weekday) ParseWhen(string when)
    {
        ArgumentNullException.ThrowIfNull(when);
        string w = when.Trim().ToUpperInvariant();
        switch (w)
        {
            case "S": return (RolloverUnit.Second, -1);
            case "M": return (RolloverUnit.Minute, -1);
            case "H": return (RolloverUnit.Hour, -1);
            case "D":
            case "MIDNIGHT": return (RolloverUnit.Day, -1);
        }
        if (w.Length == 2 && w[0] == 'W' && w[1] is >= '0' and <= '6') return (RolloverUnit.Week, w[1] - '0');
        throw new ArgumentException($"Invalid rotation 'when' value '{when}': expected S, M, H, D, MIDNIGHT or W0-W6 (W0 = Monday).", nameof(when));
    }

    /// <summary>The wall-clock start of the period containing <paramref name="instant"/>.</summary>
    public DateTime PeriodStart(DateTimeOffset instant)
    {
        long wall = TimeZoneInfo.ConvertTime(instant, Zone).DateTime.Ticks - Epoch.Ticks - _offsetTicks;
        long index = Math.DivRem(wall, _periodTicks, out long rem);
        if (rem < 0) index--;
        return new DateTime(Epoch.Ticks + _offsetTicks + index * _periodTicks, DateTimeKind.Unspecified);
    }

    /// <summary>The instant the period starting at <paramref name="periodStart"/> ends: the next rollover.</summary>
    public DateTimeOffset PeriodEnd(DateTime periodStart) => ToInstant(periodStart.AddTicks(_periodTicks));

    /// <summary>The instant a wall-clock time happens in the zone: a time skipped by a daylight-saving jump happens
    /// when the clocks jump past it; a repeated time happens the first time round.</summary>
    public DateTimeOffset ToInstant(DateTime wall)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        for (int i = 0; i < 24 * 60 && Zone.IsInvalidTime(wall); i++) wall = wall.AddMinutes(1).AddTicks(-(wall.Ticks % TimeSpan.TicksPerMinute));
        TimeSpan offset = Zone.IsAmbiguousTime(wall) ? Zone.GetAmbiguousTimeOffsets(wall).Max() : Zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }

    /// <summary>The backup suffix of the period starting at <paramref name="periodStart"/>.</summary>
    public string Suffix(DateTime periodStart) => periodStart.ToString(SuffixFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a backup suffix written by this schedule back to its period start (daily and weekly ones at
    /// <see cref="AtTime"/>, which the suffix leaves out).</summary>
    public bool TryParseSuffix(string suffix, out DateTime periodStart)
    {
        if (!DateTime.TryParseExact(suffix, SuffixFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out periodStart)) return false;
        if (Unit is RolloverUnit.Day or RolloverUnit.Week) periodStart = periodStart.AddTicks((AtTime ?? TimeOnly.MinValue).Ticks);
        return true;
    }
}
