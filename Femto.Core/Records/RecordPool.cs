using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The records every queue shares: a depot of magazines (arrays of <see cref="MagazineSize"/> free
/// records) behind one lock, in front of which each thread keeps one magazine of its own (<see cref="RecordCache"/>),
/// so a call takes a record from its thread's magazine and touches the depot once per
/// <see cref="MagazineSize"/> records (Bonwick's magazine allocator).</summary>
/// <remarks>
/// Records live only while in flight or in a magazine, so a logger that is not logging holds none, and the
/// total is bounded by the queues' capacities plus the free reserve. Callers never allocate records: the
/// <see cref="Housekeeper"/> tops the depot up in the background to <see cref="ReserveTarget"/> free records
/// whenever it falls below half of that, and the target doubles (up to <see cref="MaxReserve"/>) each time a caller
/// finds the depot empty. A caller that finds it empty waits for the refill (only while traffic first climbs to a new
/// peak); Femto's own workers allocate instead of waiting. Free records beyond 1.25 × the target are let go, and
/// the target halves after a quiet spell, so a burst does not pin its peak memory for ever.
/// </remarks>
internal static class RecordPool
{
    public const int MagazineSize = 32;
    public const int BaseReserve = 1024;
    public const int MaxReserve = 16384;

    private static readonly object s_lock = new();
    private static readonly Stack<LogRecord[]> s_full = new();
    private static readonly Stack<LogRecord[]> s_empty = new();
    private static int s_free; // records in full magazines
    private static int s_target = BaseReserve;
    private static long s_lastShortage = Environment.TickCount64;
    private static long s_allocated;
    private static long s_callerWaits;

    /// <summary>Free records the depot keeps ready.</summary>
    public static int ReserveTarget => Volatile.Read(ref s_target);

    /// <summary>Records in the depot.</summary>
    public static int FreeCount => Volatile.Read(ref s_free);

    /// <summary>Records ever allocated by the pool.</summary>
    public static long AllocatedCount => Volatile.Read(ref s_allocated);

    /// <summary>Times a caller found the depot empty and waited for the refill.</summary>
    public static long CallerWaitCount => Volatile.Read(ref s_callerWaits);

    /// <summary>True when the depot is below half its target.</summary>
    public static bool NeedsRefill => Volatile.Read(ref s_free) < Volatile.Read(ref s_target) / 2;

    /// <summary>Swaps an empty magazine for a full one. Returns false when the depot has none.</summary>
    public static bool TryTakeFull(ref LogRecord[] magazine)
    {
        bool low;
        lock (s_lock)
        {
            if (s_full.Count == 0) return false;
            s_empty.Push(magazine);
            magazine = s_full.Pop();
            s_free -= MagazineSize;
            low = s_free < s_target / 2;
        }
        if (low) Housekeeper.RequestRefill();
        return true;
    }

    /// <summary>Swaps a full magazine for an empty one; surplus records beyond the reserve are let go.</summary>
    public static void PutFull(ref LogRecord[] magazine)
    {
        lock (s_lock)
        {
            if (s_free + MagazineSize <= s_target + s_target / 4)
            {
                s_full.Push(magazine);
                s_free += MagazineSize;
                magazine = s_empty.Count > 0 ? s_empty.Pop() : new LogRecord[MagazineSize];
                return;
            }
        }
        // Surplus: keep the array, drop the records (the caller resets its count).
        Array.Clear(magazine);
    }

    /// <summary>A caller's magazine and the depot are empty: wait for the refill (doubling the target), or
    /// allocate on a Femto worker thread, which must never wait for the housekeeper.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Replenish(ref LogRecord[] magazine, bool mayAllocate)
    {
        if (TryTakeFull(ref magazine)) return;
        lock (s_lock)
        {
            s_target = Math.Min(MaxReserve, Math.Max(s_target, BaseReserve) * 2);
            s_lastShortage = Environment.TickCount64;
        }
        if (!mayAllocate)
        {
            Interlocked.Increment(ref s_callerWaits);
            Housekeeper.RequestRefill();
            if (Housekeeper.WaitForRecords(TimeSpan.FromMilliseconds(200)) && TryTakeFull(ref magazine)) return;
            // The housekeeper did not deliver in time (it should within microseconds): rather than stall, allocate.
        }
        Fill(magazine);
    }

    /// <summary>Housekeeper: allocates magazines until the depot holds its target.</summary>
    /// <returns>True if it added anything.</returns>
    public static bool Refill()
    {
        bool added = false;
        while (true)
        {
            LogRecord[]? magazine;
            lock (s_lock)
            {
                if (s_free >= s_target) return added;
                magazine = s_empty.Count > 0 ? s_empty.Pop() : null;
            }
            magazine ??= new LogRecord[MagazineSize];
            Fill(magazine);
            lock (s_lock)
            {
                s_full.Push(magazine);
                s_free += MagazineSize;
            }
            added = true;
            Housekeeper.RecordsAvailable();
        }
    }

    /// <summary>Housekeeper: after a quiet spell without shortages, halves the target and lets the surplus go.</summary>
    public static void Trim(TimeSpan quiet)
    {
        lock (s_lock)
        {
            if (s_target <= BaseReserve || Environment.TickCount64 - s_lastShortage < quiet.TotalMilliseconds) return;
            s_target = Math.Max(BaseReserve, s_target / 2);
            s_lastShortage = Environment.TickCount64; // halve at most once per quiet spell
            while (s_free - MagazineSize >= s_target && s_full.Count > 0)
            {
                s_full.Pop();
                s_free -= MagazineSize;
            }
        }
    }

    /// <summary>True when the target is above its base and may be trimmed later.</summary>
    public static bool CanTrim => Volatile.Read(ref s_target) > BaseReserve;

    private static void Fill(LogRecord[] magazine)
    {
        for (int i = 0; i < magazine.Length; i++) magazine[i] ??= new LogRecord();
        Interlocked.Add(ref s_allocated, magazine.Length);
    }
}
