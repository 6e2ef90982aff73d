using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Per-thread producer state: the staging record a call fills before it is swapped into a queue slot, and
/// the thread's identity. Kept in one object so a call pays for one thread-static lookup (on Linux hosts that
/// cannot inline TLS each lookup is a call into the loader).</summary>
internal sealed class Producer
{
    [ThreadStatic] private static Producer? t_current;

    /// <summary>The record the next call fills. Only code that runs no user code while filling it may use it.</summary>
    private LogRecord? _staging = new();

    /// <summary>The record the next call fills (allocated only after a nested interpolated call took it).</summary>
    public LogRecord Staging
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _staging ?? NewStaging();
        set => _staging = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LogRecord NewStaging() => _staging = new LogRecord();
    public readonly Thread Thread = Thread.CurrentThread;
    public readonly int ThreadId = Environment.CurrentManagedThreadId;

    public static Producer Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? Create();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Producer Create() => t_current = new Producer();

    /// <summary>Takes the staging record out for a caller that runs user code while filling it (interpolated strings),
    /// so a nested log call on the same thread gets a record of its own.</summary>
    public LogRecord Rent()
    {
        var r = Staging;
        _staging = null; // refilled by the record the queue swap hands back
        return r;
    }

    /// <summary>Fills the header fields every record carries. Reference fields are stored only when they change:
    /// records cycle through the ring, so the logger, caller and dispatch list usually match already, and a skipped
    /// store skips a GC write barrier.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Stamp(LogRecord r, string logger, FemtoLevel level, string? file, int line, string? member)
    {
        StoreIfChanged(ref r.LoggerName, logger);
        r.Level = level;
        r.TimestampTicks = FemtoClock.UtcNowTicks;
        r.ThreadId = ThreadId;
        StoreIfChanged(ref r.ThreadName, Thread.Name);
        StoreIfChanged(ref r.FileName, file);
        r.LineNumber = line;
        StoreIfChanged(ref r.MemberName, member);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreIfChanged<T>(ref T field, T value) where T : class?
    {
        if (!ReferenceEquals(field, value)) field = value;
    }
}
