using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Per-thread producer state: the staging record a call fills before it is enqueued, the thread's magazine
/// of free records, and the thread's identity. Kept in one object so a call pays for one thread-static lookup (on
/// Linux hosts that cannot inline TLS each lookup is a call into the loader).</summary>
internal sealed class Producer
{
    [ThreadStatic] private static Producer? t_current;

    /// <summary>The thread's free records.</summary>
    public readonly RecordCache Cache = new();

    /// <summary>The record the next call fills. Only code that runs no user code while filling it may use it.</summary>
    private LogRecord? _staging;

    /// <summary>The record the next call fills (taken from the thread's magazine when a call enqueued the last one).</summary>
    public LogRecord Staging
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _staging ?? NewStaging();
        set => _staging = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LogRecord NewStaging() => _staging = Cache.Take();
    public readonly Thread Thread = Thread.CurrentThread;
    public readonly int ThreadId = Environment.CurrentManagedThreadId;

    public static Producer Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? Create();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Producer Create() => t_current = new Producer();

    /// <summary>After a call offered <paramref name="record"/> (the staging record, or one it rented) to a queue:
    /// once enqueued the queue owns it and the thread takes a fresh staging record from its magazine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Submitted(LogRecord record, bool enqueued)
    {
        if (!enqueued) Dropped(record);
        else if (ReferenceEquals(_staging, record)) _staging = Cache.Take();
    }

    /// <summary>The queue refused <paramref name="record"/>: keep it as the staging record, or return it to the
    /// magazine when a nested call already refilled the staging slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Dropped(LogRecord record)
    {
        if (_staging is null) _staging = record;
        else if (!ReferenceEquals(_staging, record))
        {
            record.Release();
            Cache.Return(record);
        }
    }

    /// <summary>Takes the staging record out for a caller that runs user code while filling it (interpolated strings),
    /// so a nested log call on the same thread gets a record of its own.</summary>
    public LogRecord Rent()
    {
        var r = Staging;
        _staging = null; // the next call takes a fresh one
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
