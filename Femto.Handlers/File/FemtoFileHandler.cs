using System.Collections.Concurrent;

namespace Femto.Handlers;

/// <summary>Appends records as UTF-8 lines to a file from its own worker thread. Missing directories are created;
/// the file is opened for append and shared for reading.</summary>
/// <remarks><c>flushInterval</c> counts records: buffered output reaches the OS at least every that many records,
/// on <see cref="FemtoHandler.Flush()"/>/<see cref="FemtoHandler.Close()"/>, and once the handler has been idle
/// for a while (default 1 s), so a quiet service never holds its last lines back.</remarks>
public class FemtoFileHandler : TextSinkHandler
{
    // Where the OS cannot append atomically for us (.NET sets no O_APPEND outside Linux), handlers of one file in
    // this process — a reconfiguration's outgoing and incoming handler — seek to the end and write under one lock,
    // so one never overwrites the other's lines. One entry per path ever opened.
    private static readonly ConcurrentDictionary<string, object> s_appendLocks = new(StringComparer.Ordinal);

    private TrackedStream _file;
    private SafeFileHandleRef _handle;
    private long _nextIdentityCheck;

    /// <summary>Opens <paramref name="path"/> for appending.</summary>
    /// <param name="path">The log file; missing directories are created.</param>
    /// <param name="capacity">Queue capacity in records.</param>
    /// <param name="flushInterval">Buffered output reaches the OS at least every this many records.</param>
    /// <param name="policy">Overflow policy text: <c>drop</c>, <c>block</c> or <c>timeout:N</c> (milliseconds).</param>
    /// <exception cref="ArgumentOutOfRangeException">capacity or flushInterval is not positive.</exception>
    /// <exception cref="ArgumentException">The policy text is invalid, or the path is empty.</exception>
    public FemtoFileHandler(string path, int capacity = HandlerSettings.DefaultCapacity, int flushInterval = 1, string policy = "drop")
        : this(path, SinkSettingsFrom(capacity, flushInterval, policy))
    {
    }

    /// <summary>Opens <paramref name="path"/> for appending with full settings (see <see cref="FileHandlerBuilder"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (named).</exception>
    public FemtoFileHandler(string path, TextSinkSettings settings)
        : this("file", path, settings)
    {
    }

    /// <summary>Opens the file for a handler of the given kind (<c>rotating file</c>, named in reports).</summary>
    private protected FemtoFileHandler(string kind, string path, TextSinkSettings settings)
        : base(kind + " '" + path + "'", settings)
    {
        Path = System.IO.Path.GetFullPath(ValidatePath(path));
        _file = Open();
    }

    /// <summary>The full path of the log file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    protected override System.IO.Stream Output => _file;

    /// <summary>Bytes in the open file as this handler knows them: its length when opened plus everything written
    /// since (worker thread).</summary>
    private protected long FileLength => _file.Length;

    /// <summary>Opens <see cref="Path"/> afresh (after the live file was renamed away) and closes the previous
    /// stream. If the open fails, the previous stream stays in use and the exception propagates.</summary>
    private protected void ReopenFile()
    {
        var fresh = Open();
        var old = _file;
        _file = fresh;
        old.Dispose();
    }

    /// <summary>How often the handler checks that <see cref="Path"/> still names the file it has open.</summary>
    public static readonly TimeSpan IdentityCheckInterval = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    protected override void EndBatch()
    {
        ReopenIfReplaced();
        base.EndBatch();
    }

    /// <inheritdoc/>
    protected override void OnIdle()
    {
        ReopenIfReplaced();
        base.OnIdle();
    }

    /// <summary>At most once per <see cref="IdentityCheckInterval"/>: when the open file was moved or deleted by someone
    /// else (logrotate's default rename-and-create, a cleanup script), reopens <see cref="Path"/> so later lines go
    /// where readers look, and reports it. Lines written out since the move went to the old file.</summary>
    private void ReopenIfReplaced()
    {
        long now = TimeProvider.GetTimestamp();
        if (now < _nextIdentityCheck) return;
        _nextIdentityCheck = now + (long)(IdentityCheckInterval.TotalSeconds * TimeProvider.TimestampFrequency);
        if (_handle.StillAt(Path)) return;
        try
        {
            ReopenFile();
            FemtoDiagnostics.Report($"{Name}: the file was moved or deleted by another program; reopened '{Path}'.");
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            ReportError(new IOException($"'{Path}' was moved or deleted and could not be reopened (still writing to the old file): {ex.Message}", ex));
        }
    }

    /// <summary>True unless the file at <see cref="Path"/> is evidently not the one this handler has open (another
    /// process rotated it away): it is missing, or its size differs from the open file's size on disk.</summary>
    private protected bool PathIsOpenFile()
    {
        try
        {
            var info = new FileInfo(Path);
            return info.Exists && info.Length == _file.Inner.Length;
        }
        catch (Exception ex) when (RecordBuffer.IsSinkFailure(ex))
        {
            return true;
        }
    }

    /// <summary>Settings from the positional constructor's values (file and rotating-file options), naming the
    /// bad parameter.</summary>
    internal static TextSinkSettings SinkSettingsFrom(int capacity, int flushInterval, string policy)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be positive.");
        if (flushInterval <= 0) throw new ArgumentOutOfRangeException(nameof(flushInterval), flushInterval, "flushInterval must be positive (it counts records).");
        return new TextSinkSettings
        {
            Handler = new HandlerSettings { Capacity = capacity, OverflowPolicy = OverflowPolicy.Parse(policy, nameof(policy)) },
            FlushInterval = flushInterval,
        };
    }

    internal static string ValidatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The log file path must not be empty.", nameof(path));
        return path;
    }

    /// <summary>Opens <see cref="Path"/> as this handler's output: every write lands at the current end of the file,
    /// whatever other writers or a truncation (logrotate's <c>copytruncate</c>) did — atomically on Linux
    /// (<c>O_APPEND</c>, across processes too), by a seek under a per-path lock elsewhere (within this process).</summary>
    private TrackedStream Open()
    {
        var file = OpenAppend(Path);
        _handle = SafeFileHandleRef.Of(file);
        Stream output = AppendMode.TryEnable(file.SafeFileHandle) ? file : new EndSeekingStream(file, s_appendLocks.GetOrAdd(Path, _ => new object()));
        return new TrackedStream(output, ownsInner: true);
    }

    /// <summary>Opens a file for appending, creating its directory; readers may open it concurrently, and it may be
    /// renamed or deleted while open (rotation). On Linux every write lands at the current end of the file, so
    /// several processes appending to one file never overwrite each other's lines.</summary>
    protected internal static FileStream OpenAppend(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // bufferSize 0: the handler buffers whole batches itself, so each write out is one write call.
        // Not FileMode.Append: that refuses to seek below where the file ended at open, which a truncated file needs
        // where there is no O_APPEND.
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        file.Seek(0, SeekOrigin.End);
        AppendMode.TryEnable(file.SafeFileHandle);
        return file;
    }
}
