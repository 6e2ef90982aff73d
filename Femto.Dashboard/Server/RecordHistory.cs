namespace Femto.Dashboard.Server;

/// <summary>The last <c>capacity</c> records, replayed to pages that open later. Sequence numbers are consecutive, so
/// the records after a given one are a suffix. Not thread-safe: <see cref="RecordHub"/> locks around it.</summary>
internal sealed class RecordHistory(int capacity)
{
    private readonly RecordEntry[] _items = new RecordEntry[capacity];
    private int _next;
    private int _count;

    /// <summary>The sequence number of the newest record (0 before the first).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The most records held.</summary>
    public int Capacity => _items.Length;

    /// <summary>Records held.</summary>
    public int Count => _count;

    /// <summary>Appends a record, forgetting the oldest when full, and returns its entry.</summary>
    public RecordEntry Add(byte[] json)
    {
        var entry = new RecordEntry(++LastSeq, json);
        _items[_next] = entry;
        _next = (_next + 1) % _items.Length;
        if (_count < _items.Length) _count++;
        return entry;
    }

    /// <summary>The records held whose sequence number is above <paramref name="since"/>, oldest first.</summary>
    public RecordEntry[] After(long since)
    {
        int n = (int)Math.Clamp(LastSeq - since, 0, _count);
        var result = new RecordEntry[n];
        int start = (_next - n + _items.Length) % _items.Length;
        int first = Math.Min(n, _items.Length - start);
        Array.Copy(_items, start, result, 0, first);
        Array.Copy(_items, 0, result, first, n - first);
        return result;
    }
}
