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
    private PaddedLong _enqueue;
    private PaddedLong _dequeue;

    public RecordRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _mask = BitOperations.IsPow2(capacity) ? capacity - 1 : -1;
        _slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) _slots[i].Sequence = 2L * i;
    }

    public int Capacity => _capacity;

    /// <summary>Records claimed by producers so far (published or about to be).</summary>
    public long EnqueuePosition => Volatile.Read(ref _enqueue.Value);

    /// <summary>Records the consumer has released so far.</summary>
    public long DequeuePosition => Volatile.Read(ref _dequeue.Value);

    /// <summary>Approximate number of queued records.</summary>
    public int Count => (int)Math.Max(0, EnqueuePosition - DequeuePosition);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(long pos) => _mask >= 0 ? (int)(pos & _mask) : (int)((ulong)pos % (uint)_capacity);

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
        return pos;
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

    /// <summary>True when a producer has claimed a slot the consumer has not released.</summary>
    public bool HasPending => Volatile.Read(ref _enqueue.Value) != _dequeue.Value;
}
