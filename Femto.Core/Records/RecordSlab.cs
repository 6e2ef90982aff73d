namespace Femto;

/// <summary>A magazine's records for life: the pool allocates records a magazine at a time, and each record goes back
/// to the magazine it was allocated with, whichever worker handled it. The magazine returns to the pool's depot once
/// all its records are back.</summary>
/// <remarks>
/// <para>Why: records allocated together lie next to each other in memory, and a thread filling neighbouring records
/// touches fewer cache lines and pages per call. When records went back to whichever worker handled them, a thread
/// logging to two loggers in turn (handled by different workers) ended up with magazines of every other record, and
/// the scatter persisted: one producer into a file handler, two cores, 50–55 ns a call after such a warm-up against
/// 37–40 ns without it; with records going home, 39–40 ns either way. The old per-logger rings kept records in order
/// by construction.</para>
/// <para>Returning a record is an atomic add on its magazine's counter (a worker adds a run of neighbouring records at
/// once: <see cref="RecordPool.ReturnRun"/>). A record that is slow to come back, or never does (lost to an exception
/// while a call captured it, or held by a producer that hung in the middle of a call), keeps its magazine from
/// returning: once the magazine is spent, the pool replaces such records after a second (<see cref="RecordPool.Reclaim"/>);
/// a magazine lost before it was spent leaves the budget when the GC finds it unreachable (its finalizer).</para>
/// </remarks>
internal sealed class RecordSlab
{
    private int _returned; // records back since the magazine was last handed out
    private volatile bool _whole = true; // in the depot (or being put there); false while handed out
    private volatile bool _dropped;
    private volatile bool _forgotten; // its finalizer gave its records up: it must not go back into the depot

    /// <summary>Allocates a magazine of <paramref name="size"/> fresh records.</summary>
    public RecordSlab(int size)
    {
        Records = new LogRecord[size];
        for (int i = 0; i < size; i++)
        {
            var record = LogRecord.ForPool();
            record.Slab = this;
            Records[i] = record;
        }
    }

    /// <summary>The records, in allocation order; the array keeps them for the slab's life.</summary>
    public LogRecord[] Records { get; }

    /// <summary>Records counted back since the magazine was last handed out.</summary>
    public int ReturnedCount => Volatile.Read(ref _returned);

    /// <summary>True while every record is back (in the depot, or on its way there).</summary>
    public bool IsWhole => _whole;

    /// <summary>The magazine is handed to a thread.</summary>
    public void HandedOut()
    {
        _whole = false;
        Volatile.Write(ref _generation, _generation + 1); // one thread hands a magazine out at a time
    }

    /// <summary>Times the magazine was handed out: tells a magazine that came back and went out again from the one
    /// a look at it began with.</summary>
    public int Generation => Volatile.Read(ref _generation);

    private int _generation;

    // The pool's list of spent magazines (a thread took all their records and moved on, or ended) that are not back
    // yet; guarded by the pool's lock.
    internal RecordSlab? PrevSpent, NextSpent;
    internal bool IsSpent;
    internal long SpentAt;

    /// <summary>Counts <paramref name="count"/> records back. True when that makes the magazine whole again (the caller
    /// then puts it back in the depot).</summary>
    public bool Return(int count = 1)
    {
        if (Interlocked.Add(ref _returned, count) < Records.Length) return false;
        _returned = 0;
        _whole = true;
        return !_forgotten;
    }

    /// <summary>The pool lets this magazine go on purpose (it already took the records off its count).</summary>
    public void Drop() => _dropped = true;

    ~RecordSlab()
    {
        if (_dropped) return;
        if (_whole)
        {
            // Unreachable and whole only while a dying thread's finalizer puts it back into the depot: it lives on.
            GC.ReRegisterForFinalize(this);
            return;
        }
        // A record never came back and nothing refers to the magazine any more: its records leave the budget.
        _forgotten = true;
        RecordPool.Lost(Records.Length);
    }
}
