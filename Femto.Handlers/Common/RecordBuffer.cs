namespace Femto.Handlers;

/// <summary>The buffered-sink piece every writing handler shares (file, rotating file, socket, HTTP): whole
/// records collected as bytes with each record's boundary, written out in one call, with an exact count of what a
/// write delivered and a policy for what it did not.</summary>
/// <remarks>
/// <para>Use: format a record into <see cref="Writer"/>, then <see cref="Commit"/> it (or <see cref="Discard"/> it
/// when formatting failed). The record being formatted is <em>open</em>: <see cref="WriteTo"/> writes only
/// committed records, so a handler can decide after formatting whether a record goes into the current output or
/// the next one (rotation), and the cut always falls on a record boundary.</para>
/// <para>On failure, a sink that knows how much of the write landed throws <see cref="PartialWriteException"/>;
/// the records that landed whole count as written, and the policy decides the rest. Not thread-safe: one worker
/// owns a buffer.</para>
/// </remarks>
public sealed class RecordBuffer
{
    private readonly FemtoBuffer _bytes;
    private int[] _ends = new int[64];
    private int _count;
    private int _committed;
    private int _headWritten;

    /// <summary>Creates a buffer.</summary>
    /// <param name="initialCapacity">Initial size in bytes (grows as needed).</param>
    public RecordBuffer(int initialCapacity = 64 * 1024)
    {
        _bytes = new FemtoBuffer(initialCapacity);
    }

    /// <summary>Where the open record is formatted. Write to it only between commits; never truncate it.</summary>
    public FemtoBuffer Writer => _bytes;

    /// <summary>Committed records not yet wholly written (a record cut in two by a failed write included).</summary>
    public int Count => _count;

    /// <summary>Committed bytes not yet written.</summary>
    public int PendingBytes => _committed - _headWritten;

    /// <summary>The committed bytes not yet written, as the next <see cref="WriteTo"/> writes them.</summary>
    public ReadOnlySpan<byte> Pending => _bytes.WrittenSpan[_headWritten.._committed];

    /// <summary>The committed bytes not yet written, as memory: for a sink that hands them to an API taking memory
    /// (an HTTP request body) instead of <see cref="WriteTo"/>. Valid until the buffer next changes.</summary>
    public ReadOnlyMemory<byte> PendingMemory => _bytes.WrittenMemory[_headWritten.._committed];

    /// <summary>Bytes of the first buffered record that a failed write already delivered (0 normally). Non-zero
    /// means the sink holds a torn record whose rest <see cref="WriteTo"/> writes first.</summary>
    public int HeadWrittenBytes => _headWritten;

    /// <summary>Bytes of the open record formatted so far.</summary>
    public int OpenLength => _bytes.WrittenCount - _committed;

    /// <summary>Makes the open record a buffered record.</summary>
    public void Commit()
    {
        if (_count == _ends.Length) Array.Resize(ref _ends, _ends.Length * 2);
        _committed = _bytes.WrittenCount;
        _ends[_count++] = _committed;
    }

    /// <summary>Forgets the open record (its formatting failed), leaving the committed ones.</summary>
    public void Discard() => _bytes.Truncate(_committed);

    /// <summary>Writes every committed record to <paramref name="output"/> in one call. The open record stays.</summary>
    /// <param name="output">The sink. A failure that is not an IO failure (a bug) propagates.</param>
    /// <param name="onFailure">What happens to records the write did not deliver.</param>
    public BufferWrite WriteTo(Stream output, SinkFailurePolicy onFailure)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_count == 0) return default;
        int count = _count;
        try
        {
            if (PendingBytes > 0) output.Write(Pending);
        }
        catch (Exception ex) when (IsSinkFailure(ex))
        {
            return Failed(ex, onFailure);
        }
        RemoveFirst(count, 0);
        return new BufferWrite(count, 0, 0, null);
    }

    /// <summary>Starts the first buffered record again from its beginning: after a failed write cut it, a retry
    /// on a fresh connection must send it whole.</summary>
    public void ResendHead() => _headWritten = 0;

    /// <summary>Forgets every committed record (not the open one) and returns how many there were, for the owner
    /// to count as lost (a network sink giving up after its deadline, or a handler closing on a failing sink).</summary>
    public int DropAll() => RemoveCommitted();

    /// <summary>Forgets every committed record (not the open one) after the owner delivered <see cref="PendingMemory"/>
    /// by other means than <see cref="WriteTo"/> — one HTTP request accepted them all — and returns how many there were.</summary>
    public int Delivered() => RemoveCommitted();

    private int RemoveCommitted()
    {
        int n = _count;
        if (n > 0) RemoveFirst(n, 0);
        return n;
    }

    /// <summary>IO failures a sink recovers from; anything else is a bug and propagates.</summary>
    public static bool IsSinkFailure(Exception ex) =>
        ex is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException;

    private BufferWrite Failed(Exception error, SinkFailurePolicy onFailure)
    {
        long landed = error is PartialWriteException p ? Math.Clamp(p.BytesWritten, 0, PendingBytes) : 0;
        int delivered = _headWritten + (int)landed;
        // Records that ended within the delivered bytes reached the sink whole.
        int whole = CountEndingBy(delivered);
        int tornBytes = delivered - (whole == 0 ? 0 : _ends[whole - 1]);
        int total = _count;
        if (onFailure == SinkFailurePolicy.KeepUnwritten)
        {
            RemoveFirst(whole, tornBytes);
            return new BufferWrite(whole, 0, total - whole, error);
        }
        // Drop what never started; a torn record is kept so its line is completed before anything else is written.
        int keep = tornBytes > 0 ? 1 : 0;
        RemoveFirst(whole, tornBytes);
        int openStart = _committed;
        _count = keep;
        _committed = keep == 0 ? 0 : _ends[0];
        if (openStart != _committed) Shift(openStart, _bytes.WrittenCount - openStart, _committed);
        return new BufferWrite(whole, total - whole - keep, keep, error);
    }

    /// <summary>How many committed records end at or before <paramref name="offset"/> (ends are ascending).</summary>
    private int CountEndingBy(int offset)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ends[mid] <= offset) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Removes the first <paramref name="records"/> records, moving the rest (and the open record) to
    /// the front; <paramref name="headWritten"/> bytes of the new first record are already delivered.</summary>
    private void RemoveFirst(int records, int headWritten)
    {
        int cut = records == 0 ? 0 : _ends[records - 1];
        _count -= records;
        _headWritten = _count == 0 ? 0 : headWritten;
        if (cut == 0) return;
        for (int i = 0; i < _count; i++) _ends[i] = _ends[i + records] - cut;
        _committed -= cut;
        if (_bytes.WrittenCount == cut)
        {
            _bytes.Clear();
            return;
        }
        Shift(cut, _bytes.WrittenCount - cut, 0);
    }

    /// <summary>Moves <paramref name="length"/> bytes at <paramref name="from"/> down to <paramref name="to"/> and
    /// makes them the end of the buffer. Truncating keeps the storage, so source and destination are one array and
    /// the copy is an overlapping move.</summary>
    private void Shift(int from, int length, int to)
    {
        ReadOnlySpan<byte> source = _bytes.WrittenSpan.Slice(from, length);
        _bytes.Truncate(to);
        source.CopyTo(_bytes.GetSpan(length));
        _bytes.Advance(length);
    }
}
