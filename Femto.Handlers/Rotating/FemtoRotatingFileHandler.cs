namespace Femto.Handlers;

/// <summary>A file handler that rotates by size, as CPython's RotatingFileHandler and femtologging's
/// <c>FemtoRotatingFileHandler</c> do: before a write would take the live file past <c>maxBytes</c>, the live file
/// becomes <c>app.log.1</c>, older backups shift up (<c>.1</c> → <c>.2</c> …), the oldest beyond
/// <c>backupCount</c> is deleted, and a fresh live file starts. A record is never split across files; a record
/// larger than <c>maxBytes</c> is written alone (the live file rotates first unless it is empty, so there are no
/// empty backups). A restarted handler continues the existing live file's size.</summary>
/// <remarks>Rotation runs on the handler's worker; see <see cref="RotatingFileHandlerBase"/> for what happens when
/// it fails, and the user guide for several processes writing one file.</remarks>
public sealed class FemtoRotatingFileHandler : RotatingFileHandlerBase
{
    private long _limit;

    /// <summary>Opens <paramref name="path"/> for appending with femtologging-style options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Capacity or flush interval not positive, or a negative
    /// rotation value (named).</exception>
    /// <exception cref="ArgumentException">Invalid policy text.</exception>
    /// <exception cref="HandlerConfigException">Only one of maxBytes and backupCount is set.</exception>
    public FemtoRotatingFileHandler(string path, HandlerOptions options)
        : this(path, SinkFrom(options), new SizeRotation { MaxBytes = options.Rotation.MaxBytes, BackupCount = options.Rotation.BackupCount })
    {
    }

    /// <summary>Opens <paramref name="path"/> for appending with full settings (see <see cref="RotatingFileHandlerBuilder"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (named).</exception>
    /// <exception cref="HandlerConfigException">Only one of maxBytes and backupCount is set.</exception>
    public FemtoRotatingFileHandler(string path, TextSinkSettings settings, SizeRotation rotation)
        : base("rotating file", path, settings, Validated(rotation))
    {
        Rotation = rotation;
        _limit = rotation.MaxBytes;
    }

    /// <summary>The rotation settings.</summary>
    public SizeRotation Rotation { get; }

    private static TextSinkSettings SinkFrom(HandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SinkSettingsFrom(options.Capacity, options.FlushInterval, options.Policy);
    }

    private static SizeRotation Validated(SizeRotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        rotation.Validate();
        return rotation;
    }

    private protected override bool ShouldRollOver(int length)
    {
        if (!Rotation.Enabled) return false;
        long live = FileLength + BufferedBytes;
        return live > 0 && live + length > _limit;
    }

    private protected override string? MoveLiveFileAside()
    {
        // Another process already rotated the file this handler has open: continue in the new live file.
        if (!PathIsOpenFile()) return null;
        // Shift the backups that exist, oldest first, so each one's next name is already free; the oldest
        // (index backupCount, and any beyond it) is deleted. Only existing files are touched, whatever the count.
        int n = Rotation.BackupCount;
        var (backups, _) = BackupFiles.Find(Path, IsBackupSuffix);
        foreach (var (index, backup) in backups.Select(b => (Index(b), b)).OrderByDescending(x => x.Item1))
        {
            if (index >= n)
            {
                BackupFiles.Delete(backup);
                continue;
            }
            if (backup.PlainPath is { } plain) BackupRename.Move(plain, SizeBackupNames.Of(Path, index + 1));
            if (backup.GzipPath is { } gz) BackupRename.Move(gz, SizeBackupNames.Of(Path, index + 1, compressed: true));
        }
        string first = SizeBackupNames.Of(Path, 1);
        if (BackupFiles.Occupied(first)) throw new IOException($"'{first}' is in the way.");
        BackupRename.Move(Path, first);
        return first;
    }

    private protected override void OnRollOver(bool rotated)
    {
        // After a failure the next attempt comes once the live file has grown by another maxBytes.
        _limit = rotated ? Rotation.MaxBytes : FileLength + BufferedBytes + Rotation.MaxBytes;
    }

    private protected override bool IsBackupSuffix(string suffix) => SizeBackupNames.TryParse(suffix, out _);

    private static int Index(BackupFiles.Backup backup) => SizeBackupNames.TryParse(backup.Suffix, out int i) ? i : 0;

    private protected override IEnumerable<BackupFiles.Backup> BeyondCount(List<BackupFiles.Backup> backups) =>
        backups.Where(b => Index(b) > Rotation.BackupCount);

    private protected override DateTimeOffset AgeStart(BackupFiles.Backup backup) =>
        new(File.GetLastWriteTimeUtc(backup.AnyPath), TimeSpan.Zero);
}
