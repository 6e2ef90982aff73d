using System.Numerics;
using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>A bounded multi-producer, single-consumer ring of reusable records (Vyukov's bounded queue: one CAS per
/// enqueue, a sequence number per slot). A slot's sequence is <c>2·pos</c> while it is free for position
/// <c>pos</c> and <c>2·pos + 1</c> once that position is published; the doubling keeps the two states distinct even
/// for a capacity of 1, where Vyukov's original <c>pos</c>/<c>pos + 1</c> encoding makes them coincide.
/// Producers either swap a filled staging record into the slot (no copy) or
/// copy into the slot's own record; the consumer reads records in place and releases the slot afterwards.</summary>
internal sealed class RecordRing
{
    private struct Slot
    {
        public LogRecord? Record;
        public long Sequence;
    }

    private readonly Slot[] _slots;
    private readonly int _capacity;
    private readonly long _mask;
    // Rings of 16+ slots (a power of two) spread consecutive positions over consecutive cache lines: position p lives
    // in line p mod (capacity/4), so the slot a producer claims is normally not on the line of the one the consumer
    // is releasing (slots are 16 bytes but the array is only 8-byte aligned, so a few straddle two lines), while
    // claims still walk memory in order.
    private readonly long _lineMask = -1;
    private readonly int _lineShift;
    private PaddedLong _enqueue;
    // Once sealed the claim counter holds this sentinel: every later claim sees a full ring (its slot's sequence is
    // far below 2·SealedPosition), so a producer racing with the worker's stop is refused and counts a drop.
    private const long SealedPosition = long.MaxValue / 4;
    private long _sealedAt = -1;
    private PaddedLong _dequeue;

    public RecordRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _mask = BitOperations.IsPow2(capacity) ? capacity - 1 : -1;
        if (_mask >= 15)
        {
            _lineMask = capacity / SlotsPerLine - 1;
            _lineShift = BitOperations.Log2((uint)capacity / SlotsPerLine);
        }
        _slots = new Slot[capacity];
        for (long pos = 0; pos < capacity; pos++) _slots[IndexOf(pos)].Sequence = 2L * pos;
    }

    public int Capacity => _capacity;

    /// <summary>Records claimed by producers so far (published or about to be).</summary>
    public long EnqueuePosition
    {
        get
        {
            long pos = Volatile.Read(ref _enqueue.Value);
            return pos == SealedPosition ? Volatile.Read(ref _sealedAt) : pos;
        }
    }

    /// <summary>Records the consumer has released so far.</summary>
    public long DequeuePosition => Volatile.Read(ref _dequeue.Value);

    /// <summary>Approximate number of queued records.</summary>
    public int Count => (int)Math.Max(0, EnqueuePosition - DequeuePosition);

    private const int SlotsPerLine = 4; // 16-byte slots

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(long pos)
    {
        if (_lineMask >= 0) return (int)(((pos & _lineMask) * SlotsPerLine) | ((pos >> _lineShift) & (SlotsPerLine - 1)));
        return _mask >= 0 ? (int)(pos & _mask) : (int)((ulong)pos % (uint)_capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryClaim(out long pos, out int index)
    {
        pos = Volatile.Read(ref _enqueue.Value);
        while (true)
        {
            index = IndexOf(pos);
            long seq = Volatile.Read(ref _slots[index].Sequence);
            long dif = seq - 2 * pos;
            if (dif == 0)
            {
                long seen = Interlocked.CompareExchange(ref _enqueue.Value, pos + 1, pos);
                if (seen == pos) return true;
                pos = seen;
            }
            else if (dif < 0)
            {
                return false; // full: the slot still holds the record from one lap ago
            }
            else
            {
                pos = Volatile.Read(ref _enqueue.Value);
            }
        }
    }

    /// <summary>Swaps <paramref name="staged"/> into a free slot. On success <paramref name="staged"/> becomes the
    /// slot's previous record (null until the ring has gone round once) for the producer to reuse.</summary>
    /// <returns>The position the record took, or -1 when the ring is full.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long TryEnqueueSwap(ref LogRecord? staged)
    {
        if (!TryClaim(out long pos, out int index)) return -1;
        ref Slot slot = ref _slots[index];
        (slot.Record, staged) = (staged, slot.Record);
        Volatile.Write(ref slot.Sequence, 2 * pos + 1);
        PrefetchAhead(pos);
        return pos;
    }

    private const int PrefetchDistance = 16;
    private const int RecordLines = 6; // a record is ~330 bytes; six lines cover it wherever it starts in a line

    /// <summary>Asks the CPU to fetch the record a producer will write a few calls from now. A record comes back
    /// to a producer one lap after it was last used, so in a large ring it has left the cache; without the hint
    /// every call stalls on those misses. (Arguments beyond the record's inline slots live in an array that is
    /// not prefetched.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchAhead(long pos)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || _capacity <= PrefetchDistance) return;
        var ahead = _slots[IndexOf(pos + PrefetchDistance)].Record;
        if (ahead is null) return;
        // The address of the record's first field, without pinning: only a hint, so if the GC moves the record
        // meanwhile the prefetch is merely wasted (a prefetch never faults).
        byte* p = (byte*)Unsafe.AsPointer(ref Unsafe.As<RawObject>(ahead).FirstField);
        for (int line = 0; line < RecordLines; line++) System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + line * 64);
    }

    /// <summary>Overlays any object to reach the address of its first field.</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // never assigned: only its address is taken
        public byte FirstField;
#pragma warning restore CS0649
    }

    /// <summary>Copies <paramref name="source"/> into a free slot.</summary>
    /// <returns>The position the record took, or -1 when the ring is full.</returns>
    public long TryEnqueueCopy(LogRecord source)
    {
        if (!TryClaim(out long pos, out int index)) return -1;
        ref Slot slot = ref _slots[index];
        var record = slot.Record ??= new LogRecord();
        try
        {
            record.CopyFrom(source);
        }
        catch
        {
            // A claimed slot must always be published, or the consumer would wait for it forever.
            record.Skip = true;
            throw;
        }
        finally
        {
            Volatile.Write(ref slot.Sequence, 2 * pos + 1);
        }
        return pos;
    }

    /// <summary>Consumer only: the record at the head if it has been published, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LogRecord? TryPeek()
    {
        long pos = _dequeue.Value;
        ref Slot slot = ref _slots[IndexOf(pos)];
        return Volatile.Read(ref slot.Sequence) == 2 * pos + 1 ? slot.Record : null;
    }

    /// <summary>Consumer only: releases the head slot after its record was handled. When the consumer handed the
    /// record on (to a handler's ring), <paramref name="replacement"/> is the record it got back, already released,
    /// which the slot keeps for the next producer (null is fine: that producer allocates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReleaseHead(LogRecord? replacement, bool handedOn)
    {
        long pos = _dequeue.Value;
        ref Slot slot = ref _slots[IndexOf(pos)];
        if (handedOn) slot.Record = replacement;
        else slot.Record!.Release();
        Volatile.Write(ref slot.Sequence, 2 * (pos + _capacity));
        Volatile.Write(ref _dequeue.Value, pos + 1);
    }

    /// <summary>Stops all further claims (the worker has stopped) and returns how many positions were claimed in
    /// all. Later enqueues fail as if the ring were full.</summary>
    public long Seal()
    {
        while (true)
        {
            long pos = Volatile.Read(ref _enqueue.Value);
            if (pos == SealedPosition) return _sealedAt;
            Volatile.Write(ref _sealedAt, pos); // before the sentinel, so readers that see it find the real count
            if (Interlocked.CompareExchange(ref _enqueue.Value, SealedPosition, pos) == pos) return pos;
        }
    }

    /// <summary>Drops every record the ring holds (call after <see cref="Seal"/>), so a stopped queue that is still
    /// referenced (a disposed handler left attached, a record's dispatch list) does not keep a full ring of records
    /// alive.</summary>
    public void DropRecords()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++) slots[i].Record = null;
    }

    /// <summary>True when a producer has claimed a slot the consumer has not released.</summary>
    public bool HasPending => EnqueuePosition != _dequeue.Value;
}
