namespace Femto.Extensions.Logging;

/// <summary>Free entries of one type, shared by every thread: each thread keeps a magazine (an array of
/// <see cref="MagazineSize"/>) and swaps whole magazines with a depot behind one lock, once per
/// <see cref="MagazineSize"/> entries (Bonwick's magazine allocator, as Femto pools its records). Callers only rent
/// and workers only return, so full magazines flow from the workers to the callers and empty ones back: once warm,
/// neither side allocates. The depot keeps at most as many entries as Femto lets records be alive
/// (<see cref="FemtoLogging.RecordBudget"/>); beyond that, returned entries are let go.</summary>
internal static class EntryPool<T> where T : class, new()
{
    private const int MagazineSize = 32;

    [ThreadStatic] private static Magazine? t_magazine;

    private static readonly object s_lock = new();
    private static readonly Stack<T?[]> s_full = new();
    private static readonly Stack<T?[]> s_empty = new();

    public static T Rent()
    {
        var m = t_magazine ??= new Magazine();
        if (m.Count == 0 && !m.Refill()) return new T();
        return m.Take();
    }

    public static void Return(T item)
    {
        var m = t_magazine ??= new Magazine();
        if (m.Count == MagazineSize && !m.Spill()) return; // the depot is full: let it go
        m.Put(item);
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
                s_empty.Push(_items);
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
                if (s_full.Count >= FemtoLogging.RecordBudget / MagazineSize) return false;
                s_full.Push(_items);
                _items = s_empty.Count > 0 ? s_empty.Pop() : new T?[MagazineSize];
            }
            Count = 0;
            return true;
        }
    }
}
