namespace Femto.Extensions.Logging;

/// <summary>Free entries of one type, shared by every thread: each thread keeps a magazine (an array of
/// <see cref="MagazineSize"/>) and swaps whole magazines with a depot behind one lock, once per
/// <see cref="MagazineSize"/> entries (Bonwick's magazine allocator, as Femto pools its records). Callers only rent
/// and workers only return, so full magazines flow from the workers to the callers and empty ones back.</summary>
/// <remarks>A caller that finds the depot empty (more calls in flight than ever before) allocates one entry and
/// flags the shortage; the next worker to hand a magazine back then allocates as many entries again as exist, on its
/// own thread, so the pool grows ahead of the callers geometrically and, once warm, callers allocate nothing. The
/// depot keeps at most as many entries as Femto lets records be alive (<see cref="FemtoLogging.RecordBudget"/>);
/// beyond that, returned entries are let go. Only workers grow the depot's stacks: a caller whose empty magazine
/// finds no room drops it (the next worker to spill allocates one, and makes room for more), so a call never pays
/// for a stack's growth (it did: a 4 KB array, each time a round of calls outran the worker further than before).</remarks>
internal static class EntryPool<T> where T : class, new()
{
    private const int MagazineSize = 32;

    [ThreadStatic] private static Magazine? t_magazine;

    private static readonly object s_lock = new();
    private static readonly Stack<T?[]> s_full = new();
    private static readonly Stack<T?[]> s_empty = new(InitialEmpties);
    private const int InitialEmpties = 64;
    private static int s_live;     // entries allocated and not let go, as far as the pool knows
    private static int s_shortage; // 1 when a caller found the depot empty since the last growth
    private static bool s_emptiesFull; // a caller dropped its empty magazine: the empty stack wants room (guarded by s_lock)

    public static T Rent()
    {
        var m = t_magazine ??= new Magazine();
        if (m.Count == 0 && !m.Refill()) return Allocate();
        return m.Take();
    }

    public static void Return(T item)
    {
        var m = t_magazine ??= new Magazine();
        if (m.Count == MagazineSize && !m.Spill())
        {
            Interlocked.Decrement(ref s_live); // the depot is full: let it go
            return;
        }
        m.Put(item);
    }

    private static T Allocate()
    {
        Interlocked.Increment(ref s_live);
        Volatile.Write(ref s_shortage, 1);
        return new T();
    }

    private static int MaxFull => FemtoLogging.RecordBudget / MagazineSize;

    /// <summary>Worker, after a shortage: adds as many free entries as exist (up to the depot's bound).</summary>
    private static void Grow()
    {
        int magazines = Math.Max(1, Volatile.Read(ref s_live) / MagazineSize);
        for (int i = 0; i < magazines; i++)
        {
            var fresh = new T?[MagazineSize];
            for (int j = 0; j < fresh.Length; j++) fresh[j] = new T();
            lock (s_lock)
            {
                if (s_full.Count >= MaxFull) return;
                s_full.Push(fresh);
            }
            Interlocked.Add(ref s_live, MagazineSize);
        }
    }

    private sealed class Magazine
    {
        private T?[] _items = new T?[MagazineSize];
        public int Count;

        public T Take()
        {
            var item = _items[--Count]!;
            _items[Count] = null;
            return item;
        }

        public void Put(T item) => _items[Count++] = item;

        /// <summary>Swaps this empty magazine for a full one from the depot; false when it has none.</summary>
        public bool Refill()
        {
            lock (s_lock)
            {
                if (s_full.Count == 0) return false;
                if (s_empty.Count < s_empty.Capacity) s_empty.Push(_items);
                else s_emptiesFull = true;
                _items = s_full.Pop();
            }
            Count = MagazineSize;
            return true;
        }

        /// <summary>Hands this full magazine to the depot for an empty one; false when the depot is at its bound.</summary>
        public bool Spill()
        {
            lock (s_lock)
            {
                if (s_full.Count >= MaxFull) return false;
                s_full.Push(_items);
                _items = s_empty.Count > 0 ? s_empty.Pop() : new T?[MagazineSize];
                if (s_emptiesFull)
                {
                    s_emptiesFull = false;
                    s_empty.EnsureCapacity(Math.Min(MaxFull, s_empty.Capacity * 2));
                }
            }
            Count = 0;
            if (Interlocked.Exchange(ref s_shortage, 0) != 0) Grow();
            return true;
        }
    }
}
