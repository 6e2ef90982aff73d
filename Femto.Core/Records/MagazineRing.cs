namespace Femto;

/// <summary>A bounded FIFO of magazines (guarded by the pool's lock): the pool's cooling line, see
/// <see cref="RecordPool.CoolingMagazines"/>.</summary>
internal sealed class MagazineRing(int size)
{
    private readonly LogRecord[]?[] _items = new LogRecord[]?[size];
    private int _oldest;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    /// <summary>Adds a magazine as the newest (the caller makes room first).</summary>
    public void Push(LogRecord[] magazine)
    {
        _items[(_oldest + Count) % _items.Length] = magazine;
        Count++;
    }

    public LogRecord[] TakeOldest()
    {
        var m = _items[_oldest]!;
        _items[_oldest] = null;
        _oldest = (_oldest + 1) % _items.Length;
        Count--;
        return m;
    }

    public LogRecord[] TakeNewest()
    {
        int i = (_oldest + Count - 1) % _items.Length;
        var m = _items[i]!;
        _items[i] = null;
        Count--;
        return m;
    }
}
