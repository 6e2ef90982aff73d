namespace Femto.Handlers;

/// <summary>Options of <see cref="FemtoTimedRotatingFileHandler(string, TimedHandlerOptions)"/>, shaped like
/// femtologging's <c>TimedHandlerOptions</c>: <c>new TimedHandlerOptions { When = "H", BackupCount = 24 }</c>.
/// <see cref="TimedRotatingFileHandlerBuilder"/> offers every option (compression, age limit, clock).</summary>
public sealed class TimedHandlerOptions
{
    /// <summary>Queue capacity in records. <remarks>Default: 1024.</remarks></summary>
    public int Capacity { get; set; } = HandlerSettings.DefaultCapacity;

    /// <summary>Buffered output reaches the OS at least every this many records. <remarks>Default: 1.</remarks></summary>
    public int FlushInterval { get; set; } = 1;

    /// <summary>Overflow policy text: <c>drop</c>, <c>block</c> or <c>timeout:N</c> (ms). <remarks>Default: <c>drop</c>.</remarks></summary>
    public string Policy { get; set; } = "drop";

    /// <summary><c>S</c>, <c>M</c>, <c>H</c>, <c>D</c>, <c>MIDNIGHT</c> or <c>W0</c>–<c>W6</c> (Monday = 0),
    /// case-insensitive. <remarks>Default: <c>midnight</c>.</remarks></summary>
    public string When { get; set; } = "midnight";

    /// <summary>Units per period. <remarks>Default: 1.</remarks></summary>
    public int Interval { get; set; } = 1;

    /// <summary>Backups kept; 0 keeps every backup. <remarks>Default: 7.</remarks></summary>
    public int BackupCount { get; set; } = 7;

    /// <summary>Periods follow UTC instead of local time. <remarks>Default: false.</remarks></summary>
    public bool Utc { get; set; }

    /// <summary>Time of day daily and weekly periods start at (only with D, MIDNIGHT, W0–W6).
    /// <remarks>Default: null (midnight).</remarks></summary>
    public TimeOnly? AtTime { get; set; }
}
