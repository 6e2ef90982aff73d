using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>One thread's magazine of free records (see <see cref="RecordPool"/>): taking a record is an array access;
/// the depot is visited once per <see cref="RecordPool.MagazineSize"/> records. Records go back to the magazine they
/// came from (<see cref="RecordSlab"/>), not to the thread that handled them.</summary>
internal sealed class RecordCache
{
    private LogRecord[] _magazine = [];
    private int _count;

    /// <summary>True on Femto's own worker threads, which allocate rather than wait when the depot is empty.</summary>
    public bool IsWorker { get; set; }

    /// <summary>Free records held here.</summary>
    public int Count => _count;

    /// <summary>A free record for this thread, or null when the pool's budget is in use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LogRecord? TryTake()
    {
        int i = _count - 1;
        var magazine = _magazine;
        if ((uint)i < (uint)magazine.Length)
        {
            // The slot keeps its record: a magazine holds its records for life, and they come back to it.
            var r = magazine[i];
            r.Out = LogRecord.Taken;
            _count = i;
            if (i >= PrefetchDistance) RecordPrefetch.Fetch(magazine[i - PrefetchDistance]);
            return r;
        }
        return TakeSlow();
    }

    /// <summary>A record this thread will fill a few calls from now is prefetched (see <see cref="RecordPrefetch"/>):
    /// records come back from the worker that handled them, usually on another core (a burst queued behind a stalled
    /// worker, two cores: medians ~61–68 ns a call without, ~46–59 ns with).</summary>
    private const int PrefetchDistance = 8;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LogRecord? TakeSlow()
    {
        // The spent magazine is not given back: its records are in flight and bring it back themselves (or, held up
        // for long, are replaced there: RecordPool.Reclaim).
        if (_magazine.Length > 0)
        {
            RecordPool.Spent(_magazine[0].Slab!);
            _magazine = []; // spent once: it may come back and go out to another thread
        }
        if (!RecordPool.TakeMagazine(out var magazine, IsWorker)) return null;
        _magazine = magazine;
        _count = magazine.Length;
        // TryTake looks ahead within one magazine only, so the first records of a new one were never asked for: ask for
        // them all now, so their misses overlap rather than stall one call each (a burst behind a stalled worker, two
        // cores: medians 36–39 ns a call without, 33–35 ns with).
        for (int i = magazine.Length - 1; i >= magazine.Length - PrefetchDistance; i--) RecordPrefetch.Fetch(magazine[i]);
        return TryTake();
    }

    /// <summary>The thread is gone: the records it had not taken count as back, so their magazine can return.</summary>
    public void Abandon()
    {
        int left = _count;
        _count = 0;
        if (_magazine.Length == 0) return;
        var slab = _magazine[0].Slab!;
        if (left > 0 && slab.Return(left)) RecordPool.PutWhole(slab);
        else RecordPool.Spent(slab);
    }
}
