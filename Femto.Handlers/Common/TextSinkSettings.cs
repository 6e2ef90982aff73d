namespace Femto.Handlers;

/// <summary>The settings of a handler that writes lines to a stream (stream, file, rotating file): the queue
/// settings every handler has plus when buffered output reaches the OS. One options object instead of a growing
/// list of constructor parameters; builders fill it and validate it on the caller's thread.</summary>
public sealed record TextSinkSettings
{
    /// <summary>Queue, overflow, formatter, level and clock settings. <remarks>Default: <c>new HandlerSettings()</c>.</remarks></summary>
    public HandlerSettings Handler { get; init; } = new();

    /// <summary>Buffered output reaches the OS at least every this many records. <remarks>Default: 1.</remarks></summary>
    public int FlushInterval { get; init; } = 1;

    /// <summary>Buffered output reaches the OS once the handler has been idle this long. <remarks>Default: 1 s.</remarks></summary>
    public TimeSpan IdleFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="MaxRecordBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxRecordBytes = 1024 * 1024;

    /// <summary>The most bytes of text one record may add to the output; longer records are cut, marked
    /// <c>…[truncated]</c> and counted (<see cref="FemtoHandler.TruncatedCount"/>), so one huge message can never take
    /// the handler's memory or a reader's patience. <remarks>Default: 1 MiB.</remarks></summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public TextSinkSettings Validate()
    {
        ArgumentNullException.ThrowIfNull(Handler);
        Handler.Validate();
        if (FlushInterval <= 0)
            throw new ArgumentOutOfRangeException("flushInterval", FlushInterval, "flushInterval must be positive (it counts records).");
        if (MaxRecordBytes <= 0)
            throw new ArgumentOutOfRangeException("maxRecordBytes", MaxRecordBytes, "The maximum record size must be positive.");
        if (IdleFlushInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException("idleFlushInterval", IdleFlushInterval, "The idle flush interval must be positive.");
        return this;
    }
}
