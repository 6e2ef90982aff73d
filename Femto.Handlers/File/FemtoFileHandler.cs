using System.Collections.Concurrent;

namespace Femto.Handlers;

/// <summary>Appends records as UTF-8 lines to a file from its own worker thread. Missing directories are created;
/// the file is opened for append and shared for reading.</summary>
/// <remarks><c>flushInterval</c> counts records: buffered output reaches the OS at least every that many records,
/// on <see cref="FemtoHandler.Flush()"/>/<see cref="FemtoHandler.Close()"/>, and once the handler has been idle
/// for a while (default 1 s), so a quiet service never holds its last lines back.</remarks>
public class FemtoFileHandler : TextSinkHandler
{
    // Handlers of one file in this process (a reconfiguration's outgoing and incoming handler) append under one
    // lock, so one's seek-and-write never interleaves with the other's. One entry per path ever opened.
    private static readonly ConcurrentDictionary<string, object> s_appendLocks = new(StringComparer.Ordinal);

    private readonly FileStream _file;
    private readonly object _appendLock;

    /// <summary>Opens <paramref name="path"/> for appending.</summary>
    /// <param name="path">The log file; missing directories are created.</param>
    /// <param name="capacity">Queue capacity in records.</param>
    /// <param name="flushInterval">Buffered output reaches the OS at least every this many records.</param>
    /// <param name="policy">Overflow policy text: <c>drop</c>, <c>block</c> or <c>timeout:N</c> (milliseconds).</param>
    /// <exception cref="ArgumentOutOfRangeException">capacity or flushInterval is not positive.</exception>
    /// <exception cref="ArgumentException">The policy text is invalid, or the path is empty.</exception>
    public FemtoFileHandler(string path, int capacity = HandlerSettings.DefaultCapacity, int flushInterval = 1, string policy = "drop")
        : this(path, MakeSettings(capacity, policy), flushInterval, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>Opens <paramref name="path"/> for appending with full settings (see <see cref="FileHandlerBuilder"/>).</summary>
    public FemtoFileHandler(string path, HandlerSettings settings, int flushInterval, TimeSpan idleFlushInterval)
        : base("file '" + path + "'", settings, flushInterval, idleFlushInterval)
    {
        Path = System.IO.Path.GetFullPath(ValidatePath(path));
        _appendLock = s_appendLocks.GetOrAdd(Path, _ => new object());
        _file = OpenAppend(Path);
    }

    /// <summary>The full path of the log file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    protected override System.IO.Stream Output => _file;

    /// <summary>Writes at the end of the file as it is now, not where this handle last wrote.</summary>
    /// <remarks>.NET file streams write at a position they track themselves (there is no O_APPEND), so without the
    /// seek a second writer of the same file — the handler a reconfiguration replaces, finishing its last lines while
    /// its successor starts, or logrotate's <c>copytruncate</c> — would get lines overwritten or a run of NUL bytes.
    /// The seek costs one <c>fstat</c> per write-out (a batch of lines).</remarks>
    protected override void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        lock (_appendLock)
        {
            _file.Seek(0, SeekOrigin.End);
            _file.Write(bytes);
        }
    }

    private static HandlerSettings MakeSettings(int capacity, string policy)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be positive.");
        return new HandlerSettings { Capacity = capacity, OverflowPolicy = OverflowPolicy.Parse(policy, nameof(policy)) };
    }

    internal static string ValidatePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The log file path must not be empty.", nameof(path));
        return path;
    }

    /// <summary>Opens a file for appending, creating its directory; readers may open it concurrently.</summary>
    protected internal static FileStream OpenAppend(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // bufferSize 0: the handler buffers whole batches itself, so each write out is one write call.
        // Not FileMode.Append: that refuses to seek below where the file ended at open, which a truncated file needs.
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }
}
