namespace Femto.Handlers;

/// <summary>Options of every handler that writes lines to a stream (stream, file, rotating file, and third-party
/// ones): the <see cref="HandlerBuilder{TSelf}"/> options plus when buffered output reaches the OS. Derive from it
/// (or from <see cref="FileHandlerBuilderBase{TSelf}"/>) and close it at your builder:
/// <c>sealed class MyBuilder : TextSinkHandlerBuilder&lt;MyBuilder&gt;</c>.</summary>
/// <typeparam name="TSelf">The concrete builder, so chained calls keep their type.</typeparam>
public abstract class TextSinkHandlerBuilder<TSelf> : HandlerBuilder<TSelf> where TSelf : TextSinkHandlerBuilder<TSelf>
{
    /// <summary>Buffered output reaches the OS at least every this many records (default 1).</summary>
    public int FlushInterval { get; private set; } = 1;

    /// <summary>Idle time after which buffered output reaches the OS (default 1 s).</summary>
    public TimeSpan IdleFlushInterval { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>Buffered output reaches the OS at least every <paramref name="records"/> records.</summary>
    public TSelf WithFlushInterval(int records)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        FlushInterval = records;
        return (TSelf)this;
    }

    /// <summary>Idle time after which buffered output reaches the OS.</summary>
    public TSelf WithIdleFlushInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The idle flush interval must be positive.");
        IdleFlushInterval = interval;
        return (TSelf)this;
    }

    /// <summary>The most bytes of text one record may add (default 1 MiB); longer records are cut, marked and counted.</summary>
    public int MaxRecordBytes { get; private set; } = TextSinkSettings.DefaultMaxRecordBytes;

    /// <summary>The most bytes of text one record may add (default 1 MiB); longer records are cut, marked
    /// <c>…[truncated]</c> and counted.</summary>
    public TSelf WithMaxRecordSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        MaxRecordBytes = bytes;
        return (TSelf)this;
    }

    /// <summary>Everything set so far, for <c>Build()</c>.</summary>
    protected TextSinkSettings SinkSettings => new()
    {
        Handler = Settings,
        FlushInterval = FlushInterval,
        IdleFlushInterval = IdleFlushInterval,
        MaxRecordBytes = MaxRecordBytes,
    };
}
