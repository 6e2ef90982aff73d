namespace Femto.Handlers;

/// <summary>Builds a <see cref="FemtoRotatingFileHandler"/>:
/// <c>new RotatingFileHandlerBuilder("app.log").WithMaxBytes(10 &lt;&lt; 20).WithBackupCount(5).WithCompression().Build()</c>,
/// with every file-builder option.</summary>
public sealed class RotatingFileHandlerBuilder : RotatingFileHandlerBuilderBase<RotatingFileHandlerBuilder>
{
    /// <summary>A builder for a handler appending to <paramref name="path"/>.</summary>
    public RotatingFileHandlerBuilder(string path)
        : base(path)
    {
    }

    /// <summary>Largest size of the live file in bytes (unset: no rotation).</summary>
    public long MaxBytes { get; private set; }

    /// <summary>Backups kept (unset: no rotation).</summary>
    public int BackupCount { get; private set; }

    /// <summary>Rotates before a write would take the live file past <paramref name="maxBytes"/>.</summary>
    public RotatingFileHandlerBuilder WithMaxBytes(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxBytes = maxBytes;
        return this;
    }

    /// <summary>Keeps <paramref name="backupCount"/> backups (<c>app.log.1</c> … <c>app.log.N</c>).</summary>
    public RotatingFileHandlerBuilder WithBackupCount(int backupCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backupCount);
        BackupCount = backupCount;
        return this;
    }

    /// <summary>Opens the file and builds the handler.</summary>
    /// <exception cref="HandlerConfigException">Only one of maxBytes and backupCount was set.</exception>
    public FemtoRotatingFileHandler Build() =>
        new(Path, SinkSettings, WithRetention(new SizeRotation { MaxBytes = MaxBytes, BackupCount = BackupCount }));
}
