using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Femto;

/// <summary>A W3C span id: 8 bytes, written as 16 lowercase hex digits. Each recorded timed scope draws one at random.
/// A value type, so records carry it without allocating.</summary>
public readonly struct FemtoSpanId : IEquatable<FemtoSpanId>, ISpanFormattable, IUtf8SpanFormattable
{
    private readonly ulong _value;

    internal FemtoSpanId(ulong value) => _value = value;

    /// <summary>True for the all-zero id (no span).</summary>
    public bool IsEmpty => _value == 0;

    /// <summary>The same id as <paramref name="id"/> (read from its hex text, no allocation).</summary>
    internal static FemtoSpanId From(ActivitySpanId id)
    {
        Span<byte> bytes = stackalloc byte[8];
        id.CopyTo(bytes);
        return new FemtoSpanId(BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>The 16 lowercase hex digits.</summary>
    public override string ToString() => _value.ToString("x16", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the 16 lowercase hex digits.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        _value.TryFormat(destination, out charsWritten, "x16", CultureInfo.InvariantCulture);

    /// <summary>Writes the 16 lowercase hex digits as UTF-8.</summary>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        _value.TryFormat(utf8Destination, out bytesWritten, "x16", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(FemtoSpanId other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FemtoSpanId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(FemtoSpanId left, FemtoSpanId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FemtoSpanId left, FemtoSpanId right) => !left.Equals(right);
}
