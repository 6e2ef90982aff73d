namespace Femto.Handlers;

/// <summary>What size and timed rotation share, built on the file handler (the same buffer, writer and worker):
/// rolling over between two records, the fallback when a rename or the fresh open fails, gzip compression of
/// closed backups on the worker, and retention. Subclasses decide when to roll over and how backups are named.</summary>
/// <remarks>
/// Rolling over: the lines buffered before the record that triggered it are written to the current file, the live
/// file is renamed to a backup (older backups shifted or pruned), and a fresh live file is opened; the triggering
/// record then goes to the fresh file, so a record is never split across files. If writing, a rename or the open
/// fails, the handler keeps appending to the file it has open, counts and reports the failure once for this
/// rotation point, and tries again at the next one; no accepted record is lost to rotation.
/// </remarks>
public abstract class RotatingFileHandlerBase : FemtoFileHandler
{
    private const long StepBudget = 64 * 1024;
    private const long IdleStepBudget = 1024 * 1024;
    private static readonly TimeSpan CompressingIdleInterval = TimeSpan.FromMilliseconds(10);

    private readonly BackupCompressor? _compressor;
    private bool _started;
    private long _rotations;
    private long _rotationFailures;

    private protected RotatingFileHandlerBase(string kind, string path, TextSinkSettings settings, RotationSettings rotation)
        : base(kind, path, settings)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        if (rotation.Compress) _compressor = new BackupCompressor(rotation.CompressionLevel, ReportError);
        Retention = rotation;
    }

    private RotationSettings Retention { get; }

    /// <summary>True while a closed backup waits for or is being compressed on the worker (for diagnostics and
    /// benchmarks; readable from any thread).</summary>
    public bool IsCompressing => _compressor?.IsBusy ?? false;

    /// <summary>Backups compressed so far.</summary>
    public long CompressedCount => _compressor?.Completed ?? 0;

    /// <summary>Rotations that failed (a rename or the fresh open), each counted once per rotation point.</summary>
    public long RotationFailures => Volatile.Read(ref _rotationFailures);

    /// <summary>Rotations done.</summary>
    public long Rotations => Volatile.Read(ref _rotations);

    /// <inheritdoc/>
    protected sealed override void BeforeCommit(int length)
    {
        if (!_started) Start();
        if (ShouldRollOver(length)) RollOver();
    }

    /// <summary>Whether the live file must roll over before a line of <paramref name="length"/> bytes joins it
    /// (worker thread; the lines buffered so far are <see cref="TextSinkHandler.BufferedBytes"/>).</summary>
    private protected abstract bool ShouldRollOver(int length);

    /// <summary>Moves the live file aside (renaming older backups first as the naming requires) and returns the
    /// new backup's path, or null when nothing was renamed and the live file is simply reopened. Throws on
    /// failure; what was renamed before the failure stays renamed (nothing is overwritten).</summary>
    private protected abstract string? MoveLiveFileAside();

    /// <summary>Records the outcome of a rotation point: the next point depends on it (worker thread).</summary>
    private protected abstract void OnRollOver(bool rotated);

    /// <summary>Whether <paramref name="suffix"/> (after <c>app.log.</c>, without <c>.gz</c>) names one of this
    /// handler's backups.</summary>
    private protected abstract bool IsBackupSuffix(string suffix);

    /// <summary>The backups to delete beyond the count limit, given all of them.</summary>
    private protected abstract IEnumerable<BackupFiles.Backup> BeyondCount(List<BackupFiles.Backup> backups);

    /// <summary>The instant a backup's age counts from.</summary>
    private protected abstract DateTimeOffset AgeStart(BackupFiles.Backup backup);

    /// <summary>Runs once, on the worker, before the first record: finishes what a crash interrupted (partial
    /// compressions removed; a plain backup whose compressed copy exists removed; plain backups compressed).</summary>
    private void Start()
    {
        _started = true;
        try
        {
            var (backups, partial) = BackupFiles.Find(Path, IsBackupSuffix);
            foreach (var file in partial) File.Delete(file);
            if (_compressor is null) return;
            foreach (var b in backups)
            {
                if (b.PlainPath is null) continue;
                if (b.GzipPath is not null) File.Delete(b.PlainPath);
                else _compressor.Enqueue(b.PlainPath);
            }
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            ReportError(ex);
        }
    }

    private void RollOver()
    {
        bool rotated = false;
        // The lines before this record go to the current file first; a line cut in two by a failed write must be
        // completed there, so the live file only changes once everything before the cut has been written.
        if (WriteOut() && !HasTornRecord)
        {
            try
            {
                _compressor?.Complete(); // backup names are about to shift
                string? backup = MoveLiveFileAside();
                ReopenFile();
                rotated = true;
                Interlocked.Increment(ref _rotations);
                ApplyRetention();
                if (backup is not null && _compressor is not null && File.Exists(backup)) _compressor.Enqueue(backup);
            }
            catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
            {
                Interlocked.Increment(ref _rotationFailures);
                ReportError(new IOException($"rotation failed, still appending to '{Path}' (retried at the next rotation point): {ex.Message}", ex));
            }
        }
        OnRollOver(rotated);
    }

    /// <summary>Deletes backups beyond the count and older than <c>MaxAge</c> (on the handler's clock).</summary>
    private void ApplyRetention()
    {
        try
        {
            var (backups, _) = BackupFiles.Find(Path, IsBackupSuffix);
            var doomed = new HashSet<BackupFiles.Backup>(BeyondCount(backups));
            if (Retention.MaxAge is { } maxAge)
            {
                var now = BatchTime;
                foreach (var b in backups)
                    if (now - AgeStart(b) > maxAge) doomed.Add(b);
            }
            foreach (var b in doomed) BackupFiles.Delete(b);
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            ReportError(new IOException($"deleting old backups of '{Path}' failed: {ex.Message}", ex));
        }
    }

    /// <inheritdoc/>
    protected override void EndBatch()
    {
        base.EndBatch();
        if (_compressor is { IsBusy: true }) _compressor.Step(StepBudget);
    }

    /// <inheritdoc/>
    protected override bool HasBufferedOutput => base.HasBufferedOutput || IsCompressing;

    /// <inheritdoc/>
    protected override TimeSpan IdleInterval =>
        IsCompressing && IdleFlushInterval > CompressingIdleInterval ? CompressingIdleInterval : IdleFlushInterval;

    /// <inheritdoc/>
    protected override void OnIdle()
    {
        base.OnIdle();
        if (_compressor is { IsBusy: true }) _compressor.Step(IdleStepBudget);
    }

    /// <inheritdoc/>
    protected override void CloseSink()
    {
        try
        {
            base.CloseSink();
        }
        finally
        {
            if (_compressor is not null)
            {
                _compressor.Complete();
                _compressor.Dispose();
            }
        }
    }
}
