namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoTimedRotatingFileHandler"/>:
/// <c>new TimedRotatingFileHandlerBuilder("app.log").WithWhen("midnight").WithBackupCount(7).WithCompression().Build()</c>,
/// with every file-builder option (and <c>WithTimeProvider</c> to drive the clock in tests).</summary>
public sealed class TimedRotatingFileHandlerBuilder : RotatingFileHandlerBuilderBase<TimedRotatingFileHandlerBuilder>
{
    private TimedRotation _rotation = new();

    /// <summary>A builder for a handler appending to <paramref name="path"/>.</summary>
    public TimedRotatingFileHandlerBuilder(string path)
        : base(path)
    {
    }

    /// <summary>The schedule so far (compression and age limit are added by <see cref="Build"/>).</summary>
    public TimedRotation Rotation => _rotation;

    /// <summary><c>S</c>, <c>M</c>, <c>H</c>, <c>D</c>, <c>MIDNIGHT</c> or <c>W0</c>–<c>W6</c> (Monday = 0), case-insensitive.</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public TimedRotatingFileHandlerBuilder WithWhen(string when)
    {
        _ = RolloverSchedule.ParseWhen(when);
        _rotation = _rotation with { When = when };
        return this;
    }

    /// <summary>Units per period (every <paramref name="interval"/> hours, days…).</summary>
    public TimedRotatingFileHandlerBuilder WithInterval(int interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval);
        _rotation = _rotation with { Interval = interval };
        return this;
    }

    /// <summary>Backups kept; 0 keeps every backup.</summary>
    public TimedRotatingFileHandlerBuilder WithBackupCount(int backupCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backupCount);
        _rotation = _rotation with { BackupCount = backupCount };
        return this;
    }

    /// <summary>Periods follow UTC (true) or the handler's local time zone (false, the default).</summary>
    public TimedRotatingFileHandlerBuilder WithUtc(bool utc = true)
    {
        _rotation = _rotation with { Utc = utc };
        return this;
    }

    /// <summary>Daily and weekly periods start at <paramref name="atTime"/> (checked against <c>When</c> by <see cref="Build"/>).</summary>
    public TimedRotatingFileHandlerBuilder WithAtTime(TimeOnly atTime)
    {
        _rotation = _rotation with { AtTime = atTime };
        return this;
    }

    /// <summary>Opens the file and builds the handler.</summary>
    /// <exception cref="HandlerConfigException"><c>AtTime</c> with S, M or H.</exception>
    public FemtoTimedRotatingFileHandler Build() => new(Path, SinkSettings, WithRetention(_rotation));
}
