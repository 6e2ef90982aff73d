namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoFileHandler"/>: <c>new FileHandlerBuilder("app.log").WithOverflowPolicy(OverflowPolicy.Block).Build()</c>.</summary>
public class FileHandlerBuilder : HandlerBuilder<FileHandlerBuilder>
{
    /// <summary>A builder for a handler appending to <paramref name="path"/>.</summary>
    public FileHandlerBuilder(string path)
    {
        Path = FemtoFileHandler.ValidatePath(path);
    }

    /// <summary>The log file path.</summary>
    public string Path { get; }

    /// <summary>Buffered output reaches the OS at least every this many records (default 1).</summary>
    public int FlushInterval { get; private set; } = 1;

    /// <summary>Idle time after which buffered output reaches the OS (default 1 s).</summary>
    public TimeSpan IdleFlushInterval { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>Buffered output reaches the OS at least every <paramref name="records"/> records.</summary>
    public FileHandlerBuilder WithFlushInterval(int records)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        FlushInterval = records;
        return this;
    }

    /// <summary>Idle time after which buffered output reaches the OS.</summary>
    public FileHandlerBuilder WithIdleFlushInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The idle flush interval must be positive.");
        IdleFlushInterval = interval;
        return this;
    }

    /// <summary>Opens the file and builds the handler.</summary>
    public FemtoFileHandler Build() => new(Path, Settings, FlushInterval, IdleFlushInterval);
}
