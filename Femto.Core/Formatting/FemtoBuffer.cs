using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Femto;

/// <summary>A growable UTF-8 output buffer owned by one worker. Formatters append to it; text helpers escape
/// control characters so one record can never forge another line. Not thread-safe.</summary>
public sealed class FemtoBuffer : IBufferWriter<byte>
{
    private const int DefaultCapacity = 64 * 1024;
    private const int ShrinkAbove = 1024 * 1024;


    [ThreadStatic] private static FemtoBuffer? t_scratch;

    private byte[] _buffer;
    private int _written;
    private int _limitAt = int.MaxValue;
    private long _skipped;
    private long _stampMs = long.MinValue;
    private readonly byte[] _stamp = new byte[23];

    /// <summary>Creates a buffer with the given initial capacity.</summary>
    public FemtoBuffer(int initialCapacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _buffer = new byte[initialCapacity];
    }

    internal static FemtoBuffer ForCurrentThread() => t_scratch ??= new FemtoBuffer(1024);

    /// <summary>Bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The bytes written so far, as memory.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    internal Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _written);

    /// <summary>Caps the text the next writes may add at <paramref name="maxBytes"/> bytes from here: text (and raw
    /// UTF-8) beyond it is skipped whole characters at a time and counted in <see cref="SkippedBytes"/>, so a huge
    /// message is never copied whole. Handlers set it around each record (see <c>TextSinkSettings.MaxRecordBytes</c>);
    /// <see cref="EndLimit"/> lifts it. Numbers and timestamps are small and not capped.</summary>
    public void LimitNext(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _limitAt = (int)Math.Min(int.MaxValue, (long)_written + maxBytes);
        _skipped = 0;
    }

    /// <summary>Lifts the cap set by <see cref="LimitNext"/> and returns how many bytes it skipped.</summary>
    public long EndLimit()
    {
        long skipped = _skipped;
        _limitAt = int.MaxValue;
        _skipped = 0;
        return skipped;
    }

    /// <summary>Bytes of text skipped since <see cref="LimitNext"/> (an estimate for text: UTF-8 length of what was
    /// cut, counting 1–3 bytes per UTF-16 char).</summary>
    public long SkippedBytes => _skipped;

    /// <summary>Counts bytes a formatter skipped while rendering under this buffer's cap elsewhere.</summary>
    public void AddSkipped(long bytes) => _skipped += bytes;

    /// <summary>The cap's position, for formatters that render into a buffer of their own first.</summary>
    public int RemainingLimit => _limitAt == int.MaxValue ? int.MaxValue : Math.Max(0, _limitAt - _written);


    /// <summary>Replaces bytes already written, starting at <paramref name="offset"/>: for a length prefix reserved
    /// before its payload was written, as framed protocols need.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bytes would reach past what was written.</exception>
    public void Overwrite(int offset, scoped ReadOnlySpan<byte> bytes)
    {
        if (offset < 0 || offset > _written - bytes.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Only bytes already written can be overwritten.");
        bytes.CopyTo(_buffer.AsSpan(offset));
    }

    /// <summary>Forgets everything written (keeps the storage, giving back an oversized one).</summary>
    public void Clear()
    {
        _written = 0;
        if (_buffer.Length > ShrinkAbove) _buffer = new byte[DefaultCapacity];
    }

    /// <summary>Forgets everything written after <paramref name="count"/> bytes.</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)_written, nameof(count));
        _written = count;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written)) ThrowAdvance(count);
        _written += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_buffer.Length - _written < Math.Max(sizeHint, 1)) Grow(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends raw UTF-8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _limitAt - _written) utf8 = Clip(utf8);
        if (_buffer.Length - _written < utf8.Length) Grow(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_written));
        _written += utf8.Length;
    }

    /// <summary>Appends one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_written == _buffer.Length) Grow(1);
        _buffer[_written++] = value;
    }

    /// <summary>Appends text as UTF-8; with <paramref name="escape"/>, CR, LF, TAB become <c>\r \n \t</c> and other
    /// control characters <c>\u00XX</c> (ESC is <c>\u001b</c>).</summary>
    public void WriteText(string? text, bool escape = true) => WriteText(text.AsSpan(), escape);

    /// <inheritdoc cref="WriteText(string?, bool)"/>
    public void WriteText(scoped ReadOnlySpan<char> text, bool escape = true)
    {
        // Up to 3 bytes per char (6 for an escape): a text that could pass the cap is cut first, so the buffer
        // never grows to hold what will not be kept.
        if ((long)text.Length * 3 > _limitAt - _written && (text = Clip(text, escape)).IsEmpty) return;
        while (!text.IsEmpty)
        {
            int bad = escape ? IndexOfUnsafe(text) : -1;
            var clean = bad < 0 ? text : text[..bad];
            if (!clean.IsEmpty) Transcode(clean);
            if (bad < 0) return;
            WriteEscape(text[bad]);
            text = text[(bad + 1)..];
        }
    }

    /// <summary>Index of the first character that could break a line or drive a terminal (C0, DEL, C1, U+2028,
    /// U+2029), or -1. Printable ASCII is skipped with one vectorised scan; only text beyond it is checked per char.</summary>
    internal static int IndexOfUnsafe(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAnyExceptInRange(' ', '~');
        if (i < 0) return -1;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c < ' ' || (c >= '\u007f' && c <= '\u009f') || c == '\u2028' || c == '\u2029') return i;
        }
        return -1;
    }

    /// <summary>Written where a capped record was cut (once per record).</summary>
    public static ReadOnlySpan<byte> TruncationMarker => "…[truncated]"u8;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> Clip(ReadOnlySpan<byte> utf8)
    {
        int room = Math.Max(0, _limitAt - _written);
        // Cut before a continuation byte so no character is split.
        while (room > 0 && room < utf8.Length && (utf8[room] & 0xC0) == 0x80) room--;
        if (room < utf8.Length) Skip(utf8.Length - room, utf8[..room]);
        return room < utf8.Length ? [] : utf8;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<char> Clip(ReadOnlySpan<char> text, bool escape)
    {
        int room = Math.Max(0, _limitAt - _written);
        // Keep as many chars as surely fit (6 bytes each at worst, escaped), then count the rest.
        int keep = Math.Min(text.Length, room / 6);
        if (keep > 0 && keep < text.Length && char.IsHighSurrogate(text[keep - 1])) keep--;
        if (keep == text.Length) return text;
        WriteText(text[..keep], escape);
        Skip(System.Text.Encoding.UTF8.GetByteCount(text[keep..]), []);
        return [];
    }

    /// <summary>Writes what fits, then the marker the first time this record is cut, and counts the rest.</summary>
    private void Skip(long bytes, ReadOnlySpan<byte> kept)
    {
        int limit = _limitAt;
        _limitAt = int.MaxValue;
        Write(kept);
        if (_skipped == 0) Write(TruncationMarker);
        _limitAt = Math.Min(limit, _written); // nothing more fits after the marker
        _skipped += bytes;
    }

    private void Transcode(scoped ReadOnlySpan<char> chars)
    {
        // Up to 3 UTF-8 bytes per UTF-16 char; invalid surrogates become U+FFFD.
        Ensure(checked(chars.Length * 3));
        Utf8.FromUtf16(chars, _buffer.AsSpan(_written), out _, out int written, replaceInvalidSequences: true);
        _written += written;
    }

    private void WriteEscape(char c)
    {
        Span<byte> s = GetSpan(6);
        s[0] = (byte)'\\';
        switch (c)
        {
            case '\n': s[1] = (byte)'n'; _written += 2; return;
            case '\r': s[1] = (byte)'r'; _written += 2; return;
            case '\t': s[1] = (byte)'t'; _written += 2; return;
        }
        s[1] = (byte)'u';
        ((int)c).TryFormat(s[2..], out _, "x4", CultureInfo.InvariantCulture);
        _written += 6;
    }

    /// <summary>Appends an integer in invariant decimal form.</summary>
    public void WriteInt64(long value)
    {
        var span = GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int n);
        _written += n;
    }

    /// <summary>Appends a UTC timestamp as <c>yyyy-MM-dd HH:mm:ss.fff</c>. The text is formatted once per millisecond
    /// and copied otherwise: formatting, not IO, is what costs on the worker.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTimestamp(long utcTicks)
    {
        long ms = utcTicks / TimeSpan.TicksPerMillisecond;
        if (ms != _stampMs) FormatStamp(ms);
        Write(_stamp);
    }

    /// <summary>Appends a timestamp as ISO 8601 UTC with 7 fractional digits (<c>2025-01-02T03:04:05.1234567Z</c>).</summary>
    public void WriteIsoTimestamp(long utcTicks)
    {
        var span = GetSpan(33);
        new DateTime(utcTicks, DateTimeKind.Utc).TryFormat(span, out int n, "O", CultureInfo.InvariantCulture);
        _written += n;
    }

    private void FormatStamp(long ms)
    {
        new DateTime(ms * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc)
            .TryFormat(_stamp, out _, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        _stampMs = ms;
    }

    private void Ensure(int sizeHint)
    {
        if (_buffer.Length - _written < Math.Max(sizeHint, 1)) Grow(sizeHint);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int sizeHint)
    {
        int needed = checked(_written + Math.Max(sizeHint, 1));
        int size = Math.Max(needed, checked(_buffer.Length * 2));
        Array.Resize(ref _buffer, size);
    }

    private static void ThrowAdvance(int count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, "Cannot advance past the end of the buffer.");
}
