using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Femto;

/// <summary>A W3C trace id: 16 bytes, written as 32 lowercase hex digits. Femto's timed scopes draw one at random for a
/// top-level scope and pass it on to the scopes and records inside; a scope inside an <see cref="Activity"/> takes the
/// activity's. A value type, so records carry it without allocating.</summary>
public readonly struct FemtoTraceId : IEquatable<FemtoTraceId>, ISpanFormattable, IUtf8SpanFormattable
{
    private readonly ulong _high;
    private readonly ulong _low;

    internal FemtoTraceId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>True for the all-zero id (no trace).</summary>
    public bool IsEmpty => (_high | _low) == 0;

    /// <summary>The same id as <paramref name="id"/> (read from its hex text, no allocation).</summary>
    internal static FemtoTraceId From(ActivityTraceId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.CopyTo(bytes);
        return new FemtoTraceId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>The 32 lowercase hex digits.</summary>
    public override string ToString() => string.Create(32, this, static (chars, id) => id.TryFormat(chars, out _, default, null));

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 32 lowercase hex digits.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        Span<byte> hex = stackalloc byte[32];
        charsWritten = 0;
        if (destination.Length < 32 || !TryFormat(hex, out _, default, CultureInfo.InvariantCulture)) return false;
        for (int i = 0; i < 32; i++) destination[i] = (char)hex[i]; // ASCII
        charsWritten = 32;
        return true;
    }

    /// <summary>Writes the 32 lowercase hex digits as UTF-8.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        bytesWritten = 0;
        if (utf8Destination.Length < 32) return false;
        _high.TryFormat(utf8Destination, out _, "x16", CultureInfo.InvariantCulture);
        _low.TryFormat(utf8Destination[16..], out _, "x16", CultureInfo.InvariantCulture);
        bytesWritten = 32;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(FemtoTraceId other) => _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FemtoTraceId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Equality.</summary>
    public static bool operator ==(FemtoTraceId left, FemtoTraceId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FemtoTraceId left, FemtoTraceId right) => !left.Equals(right);
}
