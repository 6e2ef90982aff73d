using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Per-thread producer state: the staging record a call fills before it is enqueued, the thread's magazine
/// of free records, and the thread's identity. Kept in one object so a call pays for one thread-static lookup (on
/// Linux hosts that cannot inline TLS each lookup is a call into the loader).</summary>
internal sealed class Producer
{
    [ThreadStatic] private static Producer? t_current;
    private static long s_live;

    /// <summary>The thread's free records.</summary>
    public readonly RecordCache Cache = new();
    public readonly Thread Thread = Thread.CurrentThread;
    public readonly int ThreadId = Environment.CurrentManagedThreadId;

    /// <summary>The record the next call fills. Only code that runs no user code while filling it may use it.</summary>
    private LogRecord? _staging;
    // Filled instead of a pooled record while the pool's budget is in use (see FemtoLogger.SubmitSpare).
    private LogRecord? _spare;
    private bool _spareRented;

    private Producer() => Interlocked.Increment(ref s_live);

    /// <summary>How deep in handler-logs-while-handling the records this thread logs are: 0 on application threads;
    /// on Femto's threads, one more than the record being handled (1 outside a record). Records deeper than
    /// <see cref="MaxDepth"/> are a feedback loop (a handler logging on every record it handles, into a logger it
    /// handles) and are dropped and counted.</summary>
    public byte Depth;

    /// <summary>A handler may log about a record (depth 1); what it logs about those records is not logged.</summary>
    public const int MaxDepth = 1;

    // A thread that ends gives back the records it had not used yet, so their magazine can return to the depot.
    ~Producer()
    {
        Interlocked.Decrement(ref s_live);
        Cache.Abandon();
        if (_staging is { IsSpare: false } staging) RecordPool.Return(staging);
    }

    /// <summary>Threads with producer state alive (each may hold a magazine).</summary>
    public static long LiveCount => Volatile.Read(ref s_live);

    public static Producer Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? Create();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Producer Create() => t_current = new Producer();

    /// <summary>The record the next call fills: a pooled record, or the thread's spare while the pool's budget is in
    /// use (the call's overflow policy then decides; see <see cref="TakeRecord"/>).</summary>
    public LogRecord Staging
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _staging ?? NewStaging();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LogRecord NewStaging() => _staging = Cache.TryTake() ?? Spare();

    private LogRecord Spare() =>
        // A nested interpolated call while the outer one holds the spare gets one of its own (a rare allocation
        // while the pool is exhausted).
        _spareRented ? new LogRecord { IsSpare = true } : _spare ??= new LogRecord { IsSpare = true };

    /// <summary>Takes the staging record out for a caller that runs user code while filling it (interpolated strings),
    /// so a nested log call on the same thread gets a record of its own.</summary>
    public LogRecord Rent()
    {
        var r = Staging;
        _staging = null; // the next call takes a fresh one
        if (ReferenceEquals(r, _spare)) _spareRented = true;
        return r;
    }

    /// <summary>After a call offered <paramref name="record"/> (the staging record, or one it rented) to a queue:
    /// once enqueued the queue owns it and the thread takes a fresh staging record from its magazine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Submitted(LogRecord record, bool enqueued)
    {
        if (!enqueued) Dropped(record);
        else if (ReferenceEquals(_staging, record)) _staging = Cache.TryTake() ?? Spare();
    }

    /// <summary>The queue refused <paramref name="record"/>: keep it as the staging record, or return it to the
    /// magazine when a nested call already refilled the staging slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Dropped(LogRecord record)
    {
        if (record.Deferred is not null) record.ReleaseDeferred(); // a record kept as staging must not carry it on
        if (record.IsSpare)
        {
            SpareDone(record);
            return;
        }
        if (_staging is null || _staging.IsSpare) _staging = record;
        else if (!ReferenceEquals(_staging, record))
        {
            record.Release();
            RecordPool.Return(record);
        }
    }

    /// <summary>A pooled record for a call that filled the spare, waiting as <paramref name="policy"/> allows for
    /// records to come back; null when the policy gives up (the call drops and counts its record).</summary>
    public LogRecord? TakeRecord(OverflowPolicy policy)
    {
        var record = Cache.TryTake();
        if (record is not null || policy.Kind == OverflowKind.Drop) return record;
        long deadline = policy.Kind == OverflowKind.Block ? long.MaxValue : Environment.TickCount64 + (long)policy.TimeoutValue.TotalMilliseconds;
        while ((record = Cache.TryTake()) is null)
        {
            if (Environment.TickCount64 >= deadline) return null;
            RecordPool.WaitForRecords(Math.Min(deadline, Environment.TickCount64 + 50));
        }
        return record;
    }

    /// <summary>The spare's contents were copied or dropped: clear it and let the next call try the pool again.</summary>
    public void SpareDone(LogRecord spare)
    {
        spare.Release();
        if (ReferenceEquals(spare, _spare)) _spareRented = false;
        if (ReferenceEquals(_staging, spare)) _staging = null;
    }

    /// <summary>Fills the header fields every record carries. Reference fields are stored only when they change:
    /// records cycle through the same threads, so the logger, caller and dispatch list usually match already, and a
    /// skipped store skips a GC write barrier.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Stamp(LogRecord r, string logger, FemtoLevel level, string? file, int line, string? member)
    {
        StoreIfChanged(ref r.LoggerName, logger);
        r.Level = level;
        r.TimestampTicks = NextStamp();
        r.ThreadId = ThreadId;
        r.Depth = Depth;
        StoreIfChanged(ref r.ThreadName, Thread.Name);
        StoreIfChanged(ref r.FileName, file);
        r.LineNumber = line;
        StoreIfChanged(ref r.MemberName, member);
    }

    /// <summary>The clock's time, never earlier than this thread's previous record by less than a second. When the
    /// cached clock starts ticking, a thread that has just read the precise time can read a cached time a little
    /// older (by up to however long the ticker was held up while starting: milliseconds on a loaded machine); its
    /// records must not go back in time. A larger step back (the system clock set back) is taken as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long NextStamp()
    {
        long now = FemtoClock.UtcNowTicks;
        long last = _lastStamp;
        if (now < last && last - now < TimeSpan.TicksPerSecond) return last;
        _lastStamp = now;
        return now;
    }

    private long _lastStamp;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreIfChanged<T>(ref T field, T value) where T : class?
    {
        if (!ReferenceEquals(field, value)) field = value;
    }
}
