using System.Globalization;
using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The codec of an unmanaged value type stored inline in an <see cref="ArgSlot"/>.</summary>
internal sealed class ValueCodec<T> : IValueCodec
{
    public static readonly ValueCodec<T> Instance = new();

    private static readonly ValueNature s_nature =
        typeof(T) == typeof(sbyte) || typeof(T) == typeof(short) || typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(nint) ? ValueNature.Signed
        : typeof(T) == typeof(byte) || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong) || typeof(T) == typeof(nuint) ? ValueNature.Unsigned
        : typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half) ? ValueNature.Float
        : typeof(T) == typeof(bool) ? ValueNature.Boolean
        : ValueNature.Text;

    // Types whose invariant text can never hold a control character, so escaping can be skipped.
    private static readonly bool s_safeText = s_nature != ValueNature.Text || typeof(T) == typeof(decimal) || typeof(T) == typeof(Guid)
        || typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(TimeSpan)
        || typeof(T) == typeof(DateOnly) || typeof(T) == typeof(TimeOnly) || typeof(T).IsEnum;

    public Type ValueType => typeof(T);
    public ValueNature Nature => s_nature;

    public object Box(in ArgSlot slot) => slot.ReadInline<T>()!;

    public void WriteUtf8(in ArgSlot slot, FemtoBuffer output, bool escape)
    {
        T value = slot.ReadInline<T>();
        string? format = slot.Format;
        // A custom format's literal characters reach the output as they are: only a format without anything to escape
        // keeps the text safe.
        if (value is IUtf8SpanFormattable && (!escape || (s_safeText && (format is null || FemtoBuffer.IndexOfUnsafe(format) < 0))))
        {
            // Constrained call on a generic struct: no boxing.
            int sizeHint = 32;
            while (true)
            {
                Span<byte> span = output.GetSpan(sizeHint);
                if (((IUtf8SpanFormattable)value).TryFormat(span, out int written, format, CultureInfo.InvariantCulture))
                {
                    output.Advance(written);
                    return;
                }
                sizeHint *= 2;
            }
        }
        if (value is ISpanFormattable)
        {
            Span<char> chars = stackalloc char[128];
            if (((ISpanFormattable)value).TryFormat(chars, out int n, format, CultureInfo.InvariantCulture))
            {
                output.WriteText(chars[..n], escape);
                return;
            }
        }
        string? text = value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString();
        output.WriteText(text, escape);
    }

    public long ReadInt64(in ArgSlot slot)
    {
        T v = slot.ReadInline<T>();
        if (typeof(T) == typeof(sbyte)) return Unsafe.As<T, sbyte>(ref v);
        if (typeof(T) == typeof(short)) return Unsafe.As<T, short>(ref v);
        if (typeof(T) == typeof(int)) return Unsafe.As<T, int>(ref v);
        if (typeof(T) == typeof(long)) return Unsafe.As<T, long>(ref v);
        if (typeof(T) == typeof(nint)) return Unsafe.As<T, nint>(ref v);
        return (long)ReadUInt64(slot);
    }

    public ulong ReadUInt64(in ArgSlot slot)
    {
        T v = slot.ReadInline<T>();
        if (typeof(T) == typeof(byte)) return Unsafe.As<T, byte>(ref v);
        if (typeof(T) == typeof(ushort)) return Unsafe.As<T, ushort>(ref v);
        if (typeof(T) == typeof(uint)) return Unsafe.As<T, uint>(ref v);
        if (typeof(T) == typeof(ulong)) return Unsafe.As<T, ulong>(ref v);
        if (typeof(T) == typeof(nuint)) return Unsafe.As<T, nuint>(ref v);
        return 0;
    }

    public double ReadDouble(in ArgSlot slot)
    {
        T v = slot.ReadInline<T>();
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref v);
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref v);
        if (typeof(T) == typeof(Half)) return (double)Unsafe.As<T, Half>(ref v);
        return 0;
    }

    public bool ReadBoolean(in ArgSlot slot)
    {
        T v = slot.ReadInline<T>();
        return typeof(T) == typeof(bool) && Unsafe.As<T, bool>(ref v);
    }
}
