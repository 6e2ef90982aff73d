namespace Femto.Handlers;

/// <summary>A file handler that rotates on a schedule, as CPython's TimedRotatingFileHandler does: every
/// <c>Interval</c> seconds, minutes, hours, days (at midnight or <c>AtTime</c>) or weeks (on a weekday), in UTC or
/// the handler's local time zone. The closed file is renamed <c>app.log.&lt;period start&gt;</c>
/// (<c>app.log.2026-11-29</c> daily, <c>app.log.2026-11-29_13</c> hourly); <c>BackupCount</c> backups are kept
/// (0 keeps all).</summary>
/// <remarks>
/// <para>The rollover decision is taken on the handler's worker when a record is written (as CPython decides on
/// emit), with the handler's <see cref="FemtoHandler.TimeProvider"/>, so a quiet period produces no file and tests
/// drive the clock with a <c>FakeTimeProvider</c>. Periods are aligned to the clock (see the user guide).</para>
/// <para>A restarted handler continues the period in which the existing live file was last written (its
/// modification time), so it rotates at the right point. When the clock goes backwards nothing rotates until it
/// passes the scheduled rollover again, and an existing backup is never overwritten (the rotation is reported and
/// the live file continues).</para>
/// </remarks>
public sealed class FemtoTimedRotatingFileHandler : RotatingFileHandlerBase
{
    private readonly RolloverSchedule _schedule;
    private bool _scheduled;
    private DateTime _periodStart;
    private DateTimeOffset _rolloverAt;

    /// <summary>Opens <paramref name="path"/> for appending with femtologging-style options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Capacity, flush interval or interval not positive, or a
    /// negative backup count (named).</exception>
    /// <exception cref="ArgumentException">Invalid policy text or <c>When</c> value.</exception>
    /// <exception cref="HandlerConfigException"><c>AtTime</c> with S, M or H.</exception>
    public FemtoTimedRotatingFileHandler(string path, TimedHandlerOptions options)
        : this(path, SinkFrom(options), RotationFrom(options))
    {
    }

    /// <summary>Opens <paramref name="path"/> for appending with full settings (see <see cref="TimedRotatingFileHandlerBuilder"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (named).</exception>
    /// <exception cref="ArgumentException">Invalid <c>When</c> value.</exception>
    /// <exception cref="HandlerConfigException"><c>AtTime</c> with S, M or H.</exception>
    public FemtoTimedRotatingFileHandler(string path, TextSinkSettings settings, TimedRotation rotation)
        : base("timed rotating file", path, settings, Validated(rotation))
    {
        Rotation = rotation;
        var zone = rotation.Utc ? TimeZoneInfo.Utc : settings.Handler.TimeProvider.LocalTimeZone;
        _schedule = RolloverSchedule.Create(rotation.When, rotation.Interval, rotation.AtTime, zone);
        // Restart: a non-empty live file belongs to the period in which it was last written.
        if (FileLength > 0) Schedule(new DateTimeOffset(File.GetLastWriteTimeUtc(Path), TimeSpan.Zero));
    }

    /// <summary>The rotation settings.</summary>
    public TimedRotation Rotation { get; }

    private static TextSinkSettings SinkFrom(TimedHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SinkSettingsFrom(options.Capacity, options.FlushInterval, options.Policy);
    }

    private static TimedRotation RotationFrom(TimedHandlerOptions options) => new()
    {
        When = options.When,
        Interval = options.Interval,
        BackupCount = options.BackupCount,
        Utc = options.Utc,
        AtTime = options.AtTime,
    };

    private static TimedRotation Validated(TimedRotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        rotation.Validate();
        return rotation;
    }

    private void Schedule(DateTimeOffset instant)
    {
        _periodStart = _schedule.PeriodStart(instant);
        _rolloverAt = _schedule.PeriodEnd(_periodStart);
        _scheduled = true;
    }

    private protected override bool ShouldRollOver(int length)
    {
        var now = BatchTime;
        if (!_scheduled)
        {
            Schedule(now);
            return false;
        }
        if (now < _rolloverAt) return false;
        if (FileLength + BufferedBytes > 0) return true;
        Schedule(now); // nothing to close: no empty backups
        return false;
    }

    private protected override string? MoveLiveFileAside()
    {
        // Another process already rotated the file this handler has open: continue in the new live file.
        if (!PathIsOpenFile()) return null;
        string backup = Path + "." + _schedule.Suffix(_periodStart);
        if (BackupFiles.Occupied(backup) || BackupFiles.Occupied(backup + BackupFiles.GzipExtension))
            throw new IOException($"the backup '{backup}' already exists and is never overwritten (did the clock go back?).");
        BackupRename.Move(Path, backup);
        return backup;
    }

    /// <summary>The next period starts now whether or not the rotation worked; after a failure the lines of the
    /// missed period stay in the live file and go into the next backup.</summary>
    private protected override void OnRollOver(bool rotated) => Schedule(BatchTime);

    private protected override bool IsBackupSuffix(string suffix) => _schedule.TryParseSuffix(suffix, out _);

    private protected override IEnumerable<BackupFiles.Backup> BeyondCount(List<BackupFiles.Backup> backups) =>
        Rotation.BackupCount == 0 ? [] : backups.OrderByDescending(b => PeriodOf(b)).Skip(Rotation.BackupCount);

    private protected override DateTimeOffset AgeStart(BackupFiles.Backup backup) => _schedule.ToInstant(PeriodOf(backup));

    private DateTime PeriodOf(BackupFiles.Backup backup) => _schedule.TryParseSuffix(backup.Suffix, out var start) ? start : DateTime.MinValue;
}
