using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>A mutable, reusable log record, linked into queues through <see cref="QueueNode.Next"/>. Records come
/// from the <see cref="RecordPool"/> and go back to it once handled; they are never allocated by a call. Handlers
/// see them through <see cref="FemtoRecordView"/>.</summary>
internal sealed class LogRecord : QueueNode
{
    // Four slots live inside the record (most calls need no more); a call with more moves them to an array that
    // the record keeps. One object per record means a producer touches a few adjacent cache lines per call and the
    // ring can prefetch them from one address.
    internal const int InlineSlots = 4;
    private const int LongMessage = 4096;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public string LoggerName = "";
    public FemtoLevel Level;
    public RecordShape Shape;
    public long TimestampTicks;
    public int ThreadId;
    public string? ThreadName;
    public string? Message;
    public Exception? Exception;
    public string? FileName;
    public int LineNumber;
    public string? MemberName;
    /// <summary>The handlers that receive this record, captured when it was enqueued.</summary>
    public HandlerEntry[]? Dispatch;
    /// <summary>Content the producer left for a worker to write (see <see cref="IFemtoDeferredContent"/>); null once
    /// written, and for every other record.</summary>
    public IFemtoDeferredContent? Deferred;
    private InlineArgSlots _inline;
    private ArgSlot[]? _overflow;

    /// <summary>The captured arguments, then the key-values.</summary>
    public Span<ArgSlot> Slots
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _overflow is { } overflow ? overflow : _inline;
    }
    public int ArgCount;
    public int KeyValueCount;
    /// <summary>A thread's spare record, filled while the pool's budget is in use; never enqueued itself.</summary>
    public bool IsSpare;
    /// <summary>0 for records logged by the application; 1 + the depth of the record a handler was handling when it
    /// logged this one (see <see cref="Producer.Depth"/>).</summary>
    public byte Depth;
    private string? _renderedMessage;
    /// <summary>The magazine this record was allocated with, to which it goes back (see <see cref="RecordSlab"/>).</summary>
    public RecordSlab? Slab;
    /// <summary><see cref="Home"/> while in its magazine, <see cref="Taken"/> once a thread took it, and
    /// <see cref="Orphaned"/> once the pool replaced it in its magazine while it was out (see
    /// <see cref="RecordPool.Reclaim"/>): it then leaves the pool when it comes back.</summary>
    public int Out;
    public const int Home = 0, Taken = 1, Orphaned = 2;

    public long TimestampUnixNs => (TimestampTicks - UnixEpochTicks) * 100;

    /// <summary>Resets the record for a new message, keeping its slot array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin(RecordShape shape, string? message)
    {
        Shape = shape;
        Producer.StoreIfChanged(ref Message, message);
        ArgCount = 0;
        KeyValueCount = 0;
        Exception = null;
        _renderedMessage = null;
    }

    /// <summary>Adds a template argument (value only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddArg<T>(T value)
    {
        int i = ArgCount;
        SlotAt(i).SetValue(value);
        ArgCount = i + 1;
    }

    /// <summary>Adds an interpolation hole with its expression name, format and alignment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddArg<T>(T value, string? name, string? format = null, int alignment = 0)
    {
        int i = ArgCount;
        SlotAt(i).Set(value, name, format, alignment);
        ArgCount = i + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddLiteral(string text)
    {
        int i = ArgCount;
        SlotAt(i).SetLiteral(text);
        ArgCount = i + 1;
    }

    /// <summary>Adds a key-value; call after all arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddKeyValue<T>(string key, T value)
    {
        SlotAt(ArgCount + KeyValueCount).Set(value, key);
        KeyValueCount++;
    }

    /// <summary>Adds a key-value prepared earlier (context key-values, prepared once when pushed); call after all
    /// arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddKeyValueSlot(in ArgSlot prepared)
    {
        SlotAt(ArgCount + KeyValueCount) = prepared;
        KeyValueCount++;
    }

    /// <summary>Adds key-values prepared earlier, in one copy; call after all arguments.</summary>
    public void AddKeyValueSlots(ReadOnlySpan<ArgSlot> prepared)
    {
        int at = ArgCount + KeyValueCount;
        prepared.CopyTo(EnsureCapacity(at + prepared.Length)[at..]);
        KeyValueCount += prepared.Length;
    }

    /// <summary>Slot <paramref name="index"/>, growing the storage when the call has more values than it holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ArgSlot SlotAt(int index)
    {
        var slots = Slots;
        if ((uint)index >= (uint)slots.Length) slots = Grow();
        return ref slots[index];
    }

    /// <summary>Doubles the slot storage (moving the inline slots to an array the first time).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<ArgSlot> Grow()
    {
        var grown = EnsureCapacity(Slots.Length * 2);
        // New pooled records get this many slots from the start, so a call with many values does not grow a fresh
        // record (an allocation on the caller) once any call has needed them.
        int hint = Volatile.Read(ref s_slotsHint);
        if (grown.Length > hint) Interlocked.CompareExchange(ref s_slotsHint, grown.Length, hint);
        return grown;
    }

    private static int s_slotsHint = InlineSlots;

    /// <summary>A record for the pool, with as many slots as the busiest call so far needed (allocated by the
    /// housekeeper or a worker, never by a call).</summary>
    public static LogRecord ForPool()
    {
        var record = new LogRecord();
        int hint = Volatile.Read(ref s_slotsHint);
        if (hint > InlineSlots) record.EnsureCapacity(hint);
        return record;
    }

    private Span<ArgSlot> EnsureCapacity(int count)
    {
        var current = Slots;
        if (current.Length >= count) return current;
        var grown = new ArgSlot[Math.Max(count, current.Length * 2)];
        current.CopyTo(grown);
        if (_overflow is null) ((Span<ArgSlot>)_inline).Clear(); // let go of references the array now holds
        _overflow = grown;
        return grown;
    }

    /// <summary>Copies <paramref name="source"/> into this record (a handler queue taking a record from a logger worker).</summary>
    public void CopyFrom(LogRecord source)
    {
        LoggerName = source.LoggerName;
        Level = source.Level;
        Shape = source.Shape;
        TimestampTicks = source.TimestampTicks;
        ThreadId = source.ThreadId;
        Depth = source.Depth;
        ThreadName = source.ThreadName;
        Message = source.Message;
        Exception = source.Exception;
        FileName = source.FileName;
        LineNumber = source.LineNumber;
        MemberName = source.MemberName;
        Dispatch = null;
        // Moved, not shared: the content is completed and released once, by whoever holds it last.
        Deferred = source.Deferred;
        source.Deferred = null;
        int used = source.ArgCount + source.KeyValueCount;
        source.Slots[..used].CopyTo(EnsureCapacity(used));
        ArgCount = source.ArgCount;
        KeyValueCount = source.KeyValueCount;
        _renderedMessage = source._renderedMessage;
    }

    /// <summary>Drops the user objects a consumed record refers to (arguments, exception, rendered text) so pooled
    /// records do not keep them alive. The message, logger, caller and dispatch list stay: the next call usually
    /// stores the same references, and comparing is cheaper than a write barrier.</summary>
    public void Release()
    {
        if (Deferred is not null) ReleaseDeferred();
        // Only the value references: names and formats are call-site strings, and null stores need no barrier.
        var slots = Slots;
        int used = Math.Min(ArgCount + KeyValueCount, slots.Length);
        for (int i = 0; i < used; i++) slots[i].Ref = null;
        if (Exception is not null) Exception = null;
        if (_renderedMessage is not null) _renderedMessage = null;
        // A long message is the caller's text, not a call site's constant: let it go with the record's use.
        if (Message is { Length: > LongMessage }) Message = null;
    }

    /// <summary>Worker: lets the deferred content write the message and named values, then releases it. Key-values
    /// the caller's thread added already (its context, trace ids) are set aside first and appended after the content's
    /// own values, which win on a duplicate key — the order every other call gets.</summary>
    public void CompleteDeferred()
    {
        var content = Deferred!;
        Deferred = null;
        int carried = KeyValueCount;
        var stash = carried == 0 ? null : SetAsideKeyValues(carried);
        try
        {
            content.Complete(new FemtoContentWriter(this));
        }
        finally
        {
            content.Release();
            if (stash is not null) RestoreKeyValues(stash, carried);
        }
    }

    [ThreadStatic] private static ArgSlot[]? t_stash;

    private ArgSlot[] SetAsideKeyValues(int count)
    {
        var stash = t_stash is { } s && s.Length >= count ? s : t_stash = new ArgSlot[Math.Max(count, 8)];
        var slots = Slots;
        slots.Slice(ArgCount, count).CopyTo(stash);
        slots.Slice(ArgCount, count).Clear();
        KeyValueCount = 0;
        return stash;
    }

    private void RestoreKeyValues(ArgSlot[] stash, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!HasValueNamed(stash[i].Name)) AddKeyValueSlot(in stash[i]);
            stash[i] = default;
        }
    }

    private bool HasValueNamed(string? name)
    {
        var e = StructuredValues.Enumerate(this);
        while (e.MoveNext())
            if (e.Name == name) return true;
        return false;
    }

    /// <summary>Releases deferred content that will never be written (the record was dropped or filtered out).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void ReleaseDeferred()
    {
        var content = Deferred;
        Deferred = null;
        content?.Release();
    }

    /// <summary>The rendered message text (unescaped). Allocates once per record; the fast paths render straight to UTF-8 instead.</summary>
    public string RenderMessage()
    {
        if (_renderedMessage is not null) return _renderedMessage;
        if (Shape is RecordShape.Plain or RecordShape.Rendered) return _renderedMessage = Message ?? "";
        var buffer = FemtoBuffer.ForCurrentThread();
        int start = buffer.WrittenCount;
        MessageRenderer.Write(this, buffer, escape: false);
        _renderedMessage = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan[start..]);
        buffer.Truncate(start);
        return _renderedMessage;
    }
}

/// <summary>The argument slots stored inside a record.</summary>
[InlineArray(LogRecord.InlineSlots)]
internal struct InlineArgSlots
{
    private ArgSlot _first;
}
