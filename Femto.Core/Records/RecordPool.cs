using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The records every queue shares: a depot of magazines (arrays of <see cref="MagazineSize"/> free
/// records) behind one lock, from which each thread takes one magazine at a time (<see cref="RecordCache"/>), so a
/// call takes a record from its thread's magazine and touches the depot once per <see cref="MagazineSize"/> records
/// (Bonwick's magazine allocator). Each record goes back to the magazine it was allocated with, and a magazine whose
/// records are all back returns to the depot (<see cref="RecordSlab"/>).</summary>
/// <remarks>
/// <para>Records live only while in flight or in a magazine, so a logger that is not logging holds none. Callers
/// never allocate records: the <see cref="Housekeeper"/> tops the depot up in the background to
/// <see cref="ReserveTarget"/> free records whenever it falls below half of that, and the target doubles (up to
/// <see cref="MaxReserve"/>) each time a caller finds the depot empty. A caller that finds it empty waits for the
/// refill (only while traffic first climbs to a new peak); Femto's own workers allocate instead of waiting. Magazines
/// coming back are kept however many there are (the budget bounds them): a burst that filled a 65,536-record queue
/// comes back whole while its producer waits, and letting the surplus go there made the next burst allocate it all
/// again (tens of MB a second, promoted to gen 2). After a quiet spell without shortages the target halves and free
/// magazines beyond twice the target are let go.</para>
/// <para>The records alive are bounded by <see cref="Budget"/>: with thousands of loggers the sum of their queue
/// capacities is far more than memory should hold (1,000 loggers × 1,024 records × ~330 B = 330 MB), so once the
/// budget is in use a call finds no free record and its overflow policy applies as if its queue were full (Drop
/// drops and counts, Block waits for records to come back). Femto's own threads may exceed it (a worker that waited
/// for records could wait on itself). A magazine is only as free as its last record: one record held in a hung
/// handler's queue keeps its magazine's other records out of the depot until it is handled. Records held back that
/// way do not count against the budget (<see cref="HeldBackCount"/>), so they never cost other loggers' records, and
/// after a second the housekeeper replaces the few records such a magazine still waits for
/// (<see cref="Reclaim"/>), so they do not cost memory for long either. A thread that ends gives back the records it
/// had not used; a record that never comes back (an exception thrown while an interpolated string was captured) is
/// replaced the same way.</para>
/// </remarks>
internal static class RecordPool
{
    /// <summary>Records per magazine. A caller visits the depot once per magazine, and that visit (a lock, and the
    /// depot's lines pulled across from the worker that last returned a magazine) shows in the call at 32 (one producer
    /// into a file handler, two cores, alternated: medians 38.7–43.2 ns a call at 32, 36.8–38.7 at 64, 34.9–38.6 at
    /// 128). Larger magazines would let each thread that logs hold more records idle: at 64 that is ~21 KB per thread,
    /// and the default budget covers the magazines of 2,048 threads.</summary>
    public const int MagazineSize = 64;
    public const int BaseReserve = 1024;
    public const int MaxReserve = 16384;
    public const int DefaultBudget = 131_072;

    /// <summary>Full magazines coming back wait in a FIFO of this many (4,096 records, ~1.4 MB: more than a core's
    /// 1 MB L2) before callers get them, unless the depot has nothing else. A record a worker just handled and released
    /// sits modified in that worker's cache; handed straight back (a LIFO depot) the caller's next writes to it each
    /// pull a line across cores. Cooled, the records have left the worker's private cache and the caller's prefetch
    /// finds them in the shared L3 (two cores, one producer into a file handler, seven alternated pairs: medians
    /// 42–52 ns a call cooled, 52–233 ns straight back; a burst behind a stalled worker is unchanged). Records are
    /// not kept longer for it: a caller takes the newest cooling magazine when the depot holds nothing older.</summary>
    public const int CoolingMagazines = 64;

    private static readonly object s_lock = new();
    // Fixed-size stacks: pushing never allocates on a caller's thread. Beyond their size (the default budget) magazines
    // are let go.
    private static readonly MagazineStack s_full = new(DefaultBudget / MagazineSize);
    private static readonly MagazineRing s_cooling = new(CoolingMagazines);
    private static readonly object s_waitGate = new();
    private static int s_free; // records in full magazines
    private static int s_target = BaseReserve;
    private static long s_lastShortage = Environment.TickCount64;
    private static long s_heldBack; // see HeldBackCount
    private static long s_heldBackAt = long.MinValue / 2;
    private static long s_alive; // records the pool has handed out or holds, as far as it knows
    private static long s_allocated;
    private static long s_callerWaits;
    private static int s_budget = DefaultBudget;
    private static int s_waiters;
    private static long s_generation;
    private static RecordSlab? s_spentHead; // see Spent
    private static int s_spentCount;
    private static long s_orphaned;
    private static long s_lost;

    /// <summary>The most records alive at once (see the remarks). At least 1024.</summary>
    public static int Budget
    {
        get => Volatile.Read(ref s_budget);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            Volatile.Write(ref s_budget, value);
            Housekeeper.RequestRefill();
        }
    }

    /// <summary>Free records the depot keeps ready.</summary>
    public static int ReserveTarget => Volatile.Read(ref s_target);

    /// <summary>Records in the depot.</summary>
    public static int FreeCount => Volatile.Read(ref s_free);

    /// <summary>Records alive as the pool counts them (in flight, in magazines and in the depot).</summary>
    public static long AliveCount => Volatile.Read(ref s_alive);

    /// <summary>Records ever allocated by the pool.</summary>
    public static long AllocatedCount => Volatile.Read(ref s_allocated);

    /// <summary>Times a caller found the depot empty and waited for the refill.</summary>
    public static long CallerWaitCount => Volatile.Read(ref s_callerWaits);

    /// <summary>True when the depot is below half its target and the budget allows more.</summary>
    public static bool NeedsRefill => Volatile.Read(ref s_free) < Volatile.Read(ref s_target) / 2 && !AtBudget;

    private static bool AtBudget =>
        Volatile.Read(ref s_alive) - Volatile.Read(ref s_heldBack) + MagazineSize > Volatile.Read(ref s_budget);

    /// <summary>Records back in magazines that wait for one more record (or lost with one), which the budget does not
    /// count while they are held back: otherwise a few records stuck behind a hung handler, each keeping a magazine
    /// out, could use up the budget and stop every other logger.</summary>
    public static long HeldBackCount => Volatile.Read(ref s_heldBack);

    /// <summary>Takes a full magazine from the depot. Returns false when the depot has none.</summary>
    public static bool TryTakeFull([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogRecord[]? magazine)
    {
        bool low;
        lock (s_lock)
        {
            if (s_full.Count == 0 && s_cooling.Count == 0)
            {
                magazine = null;
                return false;
            }
            magazine = s_full.Count > 0 ? s_full.Pop() : s_cooling.TakeNewest();
            s_free -= MagazineSize;
            low = s_free < s_target / 2;
        }
        magazine[0].Slab!.HandedOut();
        if (low) Housekeeper.RequestRefill();
        return true;
    }

    /// <summary>Gives a record back to its magazine once its consumer is done with it (call
    /// <see cref="LogRecord.Release"/> first): an exchange on the record and an atomic add on its magazine; the record
    /// that completes its magazine puts the magazine back in the depot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(LogRecord record)
    {
        if (ComesHome(record) && record.Slab is { } slab && slab.Return()) PutWhole(slab);
    }

    /// <summary>Marks a returning record as back in its magazine; false for an orphan (replaced there by
    /// <see cref="Reclaim"/>), which is let go instead. An exchange, not a store: the housekeeper may be orphaning the
    /// record at the same moment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ComesHome(LogRecord record) =>
        Interlocked.Exchange(ref record.Out, LogRecord.Home) != LogRecord.Orphaned;

    /// <summary>Gives back the records a worker handled in one batch: consecutive records of one magazine (a
    /// producer's neighbouring records) are counted back with one atomic add instead of one each. Call
    /// <see cref="Flush"/> at the end of the batch.</summary>
    public struct ReturnRun
    {
        private RecordSlab? _slab;
        private int _count;

        /// <summary>Gives <paramref name="record"/> back (call <see cref="LogRecord.Release"/> first).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(LogRecord record)
        {
            if (!ComesHome(record)) return;
            var slab = record.Slab;
            if (!ReferenceEquals(slab, _slab))
            {
                Flush();
                _slab = slab;
            }
            _count++;
        }

        /// <summary>Counts the run's records back into their magazine.</summary>
        public void Flush()
        {
            if (_slab is { } slab && slab.Return(_count)) PutWhole(slab);
            _slab = null;
            _count = 0;
        }
    }

    /// <summary>A magazine whose records are all back returns to the depot (let go when the depot is full).</summary>
    public static void PutWhole(RecordSlab slab)
    {
        bool kept;
        lock (s_lock)
        {
            Unspend(slab);
            kept = TryPushCooling(slab.Records);
            if (kept) s_free += MagazineSize;
        }
        if (!kept) LetGo(slab);
        if (Volatile.Read(ref s_waiters) != 0) Signal();
    }

    /// <summary>A thread took all of <paramref name="slab"/>'s records and moved on to another magazine (or ended):
    /// until the magazine is back, the housekeeper watches it (see <see cref="Reclaim"/>).</summary>
    public static void Spent(RecordSlab slab)
    {
        lock (s_lock)
        {
            if (slab.IsWhole || slab.IsSpent) return;
            slab.IsSpent = true;
            slab.SpentAt = Environment.TickCount64;
            slab.PrevSpent = null;
            slab.NextSpent = s_spentHead;
            if (s_spentHead is not null) s_spentHead.PrevSpent = slab;
            s_spentHead = slab;
            s_spentCount++;
        }
        Housekeeper.WatchSpentMagazines();
    }

    /// <summary>Magazines spent and not back yet.</summary>
    public static int SpentCount => Volatile.Read(ref s_spentCount);

    /// <summary>Records replaced in their magazine by <see cref="Reclaim"/>.</summary>
    public static long OrphanedCount => Volatile.Read(ref s_orphaned);

    // Under s_lock.
    private static void Unspend(RecordSlab slab)
    {
        if (!slab.IsSpent) return;
        if (slab.PrevSpent is { } prev) prev.NextSpent = slab.NextSpent;
        else s_spentHead = slab.NextSpent;
        if (slab.NextSpent is { } next) next.PrevSpent = slab.PrevSpent;
        slab.PrevSpent = slab.NextSpent = null;
        slab.IsSpent = false;
        s_spentCount--;
    }

    /// <summary>Housekeeper: a magazine spent at least <paramref name="spentForMs"/> ago that still waits for at most
    /// <see cref="ReclaimAtMost"/> records gets fresh records in their place, so the records already back in it return
    /// to the depot. The replaced records are orphans: they leave the budget now, and the pool lets each go when it
    /// comes back. Returns the records replaced.</summary>
    /// <remarks>Why: a magazine is only as free as its last record, so a thread that interleaves calls to a hung
    /// handler with calls to healthy loggers leaves each magazine waiting for one stuck record, and the 63 others —
    /// back, handled, idle — would stay out with it as long as the handler hangs (up to 63 idle records per stuck
    /// one; ~21 MB behind one hung 1,024-record queue). Magazines still waiting for many records (a backlog behind a
    /// slow sink: a thread's neighbouring records went to one queue) are left alone: replacing those would allocate
    /// as fast as the backlog is handled, and they hold nothing idle.</remarks>
    public static int Reclaim(long spentForMs = ReclaimAfterMs)
    {
        lock (s_reclaimScratch) return ReclaimLocked(spentForMs); // the housekeeper's; a test may call it meanwhile
    }

    private static int ReclaimLocked(long spentForMs)
    {
        var due = s_reclaimScratch;
        due.Clear();
        long now = Environment.TickCount64;
        lock (s_lock)
        {
            for (var slab = s_spentHead; slab is not null; slab = slab.NextSpent)
                if (now - slab.SpentAt >= spentForMs) due.Add((slab, slab.Generation));
        }
        int replaced = 0;
        foreach (var (slab, generation) in due)
        {
            var records = slab.Records;
            int waiting = 0;
            foreach (var r in records)
                if (Volatile.Read(ref r.Out) == LogRecord.Taken) waiting++;
            // Back and out again meanwhile: no longer the magazine looked at.
            if (waiting == 0 || waiting > ReclaimAtMost || slab.Generation != generation) continue;
            for (int i = 0; i < records.Length && slab.Generation == generation; i++)
            {
                var r = records[i];
                if (Interlocked.CompareExchange(ref r.Out, LogRecord.Orphaned, LogRecord.Taken) != LogRecord.Taken) continue;
                var fresh = LogRecord.ForPool();
                fresh.Slab = slab;
                records[i] = fresh;
                Interlocked.Increment(ref s_allocated);
                Interlocked.Increment(ref s_orphaned); // the orphan leaves the budget, the fresh record takes its place
                replaced++;
                if (slab.Return())
                {
                    PutWhole(slab); // whole: it may be handed out again at once, so look no further
                    break;
                }
            }
        }
        due.Clear();
        return replaced;
    }

    /// <summary>How long a spent magazine waits for its last records before <see cref="Reclaim"/> replaces them.</summary>
    public const int ReclaimAfterMs = 1000;

    /// <summary>The most records a spent magazine may still wait for to be reclaimed (see <see cref="Reclaim"/>).</summary>
    public const int ReclaimAtMost = MagazineSize / 4;

    private static readonly List<(RecordSlab Slab, int Generation)> s_reclaimScratch = [];

    /// <summary>Lets a whole magazine go for good: its records leave the budget.</summary>
    private static void LetGo(RecordSlab slab)
    {
        slab.Drop();
        Forget(slab.Records.Length);
    }

    /// <summary>Queues a full magazine behind the cooling ones, moving the oldest of those to the depot's stack
    /// (guarded by the lock). False when the depot is full.</summary>
    private static bool TryPushCooling(LogRecord[] magazine)
    {
        if (s_full.Count + s_cooling.Count >= DefaultBudget / MagazineSize) return false;
        if (s_cooling.IsFull) s_full.TryPush(s_cooling.TakeOldest()); // room: the check above leaves the stack short of its size
        s_cooling.Push(magazine);
        return true;
    }

    /// <summary>A thread's magazine is spent: hands it a full one from the depot. If the depot is empty, Femto's workers
    /// allocate one; a caller waits for the housekeeper's refill (doubling the target) while the budget allows more
    /// records.</summary>
    /// <returns>False when the budget is in use (the caller's overflow policy decides).</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TakeMagazine([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogRecord[]? magazine, bool isWorker)
    {
        if (TryTakeFull(out magazine)) return true;
        if (isWorker)
        {
            magazine = HandOut(Allocate());
            return true;
        }
        lock (s_lock)
        {
            s_target = Math.Min(MaxReserve, Math.Max(s_target, BaseReserve) * 2);
            s_lastShortage = Environment.TickCount64;
        }
        Housekeeper.RequestRefill();
        if (AtBudget) return false;
        Interlocked.Increment(ref s_callerWaits);
        // The housekeeper answers within microseconds; a second covers a machine so loaded it was not scheduled.
        if (WaitForRecords(Environment.TickCount64 + 1000) && TryTakeFull(out magazine)) return true;
        if (AtBudget) return false;
        // The housekeeper did not deliver in time (it should within microseconds): rather than stall, allocate.
        magazine = HandOut(Allocate());
        return true;
    }

    /// <summary>Waits until records come back to the depot or <paramref name="deadline"/> (Environment.TickCount64)
    /// passes. True when the depot has a full magazine.</summary>
    public static bool WaitForRecords(long deadline)
    {
        Interlocked.Increment(ref s_waiters);
        try
        {
            lock (s_waitGate)
            {
                while (Volatile.Read(ref s_free) == 0)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return false;
                    Housekeeper.RequestRefill();
                    Monitor.Wait(s_waitGate, (int)Math.Min(left, 50));
                }
                return true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref s_waiters);
        }
    }

    private static void Signal()
    {
        lock (s_waitGate)
        {
            s_generation++;
            Monitor.PulseAll(s_waitGate);
        }
    }

    /// <summary>Records that left the pool for good: let go (a full depot, a trim), or lost with a magazine the GC
    /// found unreachable (see <see cref="RecordSlab"/>).</summary>
    public static void Forget(long records) => Interlocked.Add(ref s_alive, -records);

    /// <summary>Records lost with a magazine the GC found unreachable while it was out (see <see cref="RecordSlab"/>):
    /// they leave the budget.</summary>
    public static void Lost(long records)
    {
        Interlocked.Add(ref s_lost, records);
        Forget(records);
    }

    /// <summary>Records lost with their magazine (see <see cref="Lost"/>).</summary>
    public static long LostCount => Volatile.Read(ref s_lost);

    /// <summary>Housekeeper: allocates magazines until the depot holds its target or the budget is in use.</summary>
    public static void Refill()
    {
        CountHeldBack();
        while (true)
        {
            lock (s_lock)
            {
                if (s_free >= s_target || AtBudget) break;
            }
            var slab = Allocate();
            bool kept;
            lock (s_lock)
            {
                kept = s_full.TryPush(slab.Records);
                if (kept) s_free += MagazineSize;
            }
            if (!kept)
            {
                LetGo(slab);
                break;
            }
        }
        if (Volatile.Read(ref s_waiters) != 0) Signal();
    }

    /// <summary>Housekeeper, at most four times a second: counts the records that are neither free, queued nor in a
    /// thread's magazine — back in a magazine that waits for one more record, or lost — so the budget bounds the
    /// records that can still be used. The count shrinks again as those magazines come back whole. A scan of every
    /// queue.</summary>
    private static void CountHeldBack()
    {
        long now = Environment.TickCount64;
        if (now - s_heldBackAt < 250) return;
        s_heldBackAt = now;
        // The counts are not one snapshot: records move while thousands of queues are scanned, and a record the
        // estimate misses counts as held back, letting the budget overshoot by it (thousands on a loaded machine: a
        // producer logging into queues already scanned, with magazines it took from the depot meanwhile). So the
        // estimate errs low: alive is read first (records allocated during the scan count as accounted for), and the
        // depot both before and after the scan (a record that went from the depot into a scanned queue, or from a
        // queue not yet scanned back to the depot, is counted once; some are counted twice).
        long alive = Volatile.Read(ref s_alive);
        long freeBefore = Volatile.Read(ref s_free);
        long queued = FemtoMetrics.QueuedRecords();
        long accounted = freeBefore + queued + Volatile.Read(ref s_free) + (MagazineSize + 2L) * Producer.LiveCount;
        Volatile.Write(ref s_heldBack, Math.Max(0, alive - accounted));
    }

    /// <summary>Housekeeper: after a quiet spell without shortages, halves the target and lets free records beyond
    /// twice the target go.</summary>
    public static void Trim(TimeSpan quiet)
    {
        lock (s_lock)
        {
            if (!CanTrim || Environment.TickCount64 - s_lastShortage < quiet.TotalMilliseconds) return;
            s_target = Math.Max(BaseReserve, s_target / 2);
            s_lastShortage = Environment.TickCount64; // at most once per quiet spell
            while (s_free - MagazineSize >= 2 * s_target && s_full.Count + s_cooling.Count > 0)
            {
                var magazine = s_full.Count > 0 ? s_full.Pop() : s_cooling.TakeOldest();
                s_free -= MagazineSize;
                LetGo(magazine[0].Slab!);
            }
        }
    }

    /// <summary>True when the target is above its base or the depot holds more than twice it: a later trim has
    /// something to do.</summary>
    public static bool CanTrim => Volatile.Read(ref s_target) > BaseReserve || Volatile.Read(ref s_free) > 2 * Volatile.Read(ref s_target);

    /// <summary>A new magazine of fresh records, counted as alive (see <see cref="RecordSlab"/>).</summary>
    private static RecordSlab Allocate()
    {
        var slab = new RecordSlab(MagazineSize);
        Interlocked.Add(ref s_allocated, MagazineSize);
        Interlocked.Add(ref s_alive, MagazineSize);
        return slab;
    }

    /// <summary>A magazine handed straight to a thread rather than through the depot.</summary>
    private static LogRecord[] HandOut(RecordSlab slab)
    {
        slab.HandedOut();
        return slab.Records;
    }
}

/// <summary>A bounded stack of magazines (guarded by the pool's lock).</summary>
internal sealed class MagazineStack(int size)
{
    private readonly LogRecord[]?[] _items = new LogRecord[]?[size];

    public int Count { get; private set; }

    public bool TryPush(LogRecord[] magazine)
    {
        if (Count == _items.Length) return false;
        _items[Count++] = magazine;
        return true;
    }

    public LogRecord[] Pop()
    {
        var m = _items[--Count]!;
        _items[Count] = null;
        return m;
    }
}
