namespace Femto.Handlers;

/// <summary>Timed rotation of a <see cref="FemtoTimedRotatingFileHandler"/>, as CPython's TimedRotatingFileHandler
/// configures it (with periods aligned to the clock).</summary>
public sealed record TimedRotation : RotationSettings
{
    /// <summary><c>S</c>, <c>M</c>, <c>H</c>, <c>D</c>, <c>MIDNIGHT</c> or <c>W0</c>–<c>W6</c> (Monday = 0),
    /// case-insensitive. <remarks>Default: <c>midnight</c>.</remarks></summary>
    public string When { get; init; } = "midnight";

    /// <summary>Units per period (every <c>Interval</c> hours, days, weeks…). <remarks>Default: 1.</remarks></summary>
    public int Interval { get; init; } = 1;

    /// <summary>Backups kept; 0 keeps every backup. <remarks>Default: 7.</remarks></summary>
    public int BackupCount { get; init; } = 7;

    /// <summary>Periods follow UTC instead of the handler's local time zone (<see cref="TimeProvider.LocalTimeZone"/>).
    /// <remarks>Default: false.</remarks></summary>
    public bool Utc { get; init; }

    /// <summary>Time of day daily (<c>D</c>, <c>MIDNIGHT</c>) and weekly (<c>W*</c>) periods start at.
    /// <remarks>Default: null (midnight).</remarks></summary>
    public TimeOnly? AtTime { get; init; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><see cref="When"/> is not one of the accepted values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Interval ≤ 0, BackupCount &lt; 0 or MaxAge ≤ 0 (named).</exception>
    /// <exception cref="HandlerConfigException">AtTime with S, M or H.</exception>
    public override void Validate()
    {
        base.Validate();
        if (BackupCount < 0) throw new ArgumentOutOfRangeException("backupCount", BackupCount, "backupCount must not be negative (0 keeps every backup).");
        _ = RolloverSchedule.Create(When, Interval, AtTime, TimeZoneInfo.Utc);
    }
}
