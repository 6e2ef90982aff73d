using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Femto;

/// <summary>One captured argument: a template argument, an interpolation hole or literal, or a key-value.
/// Values are captured without boxing: references as-is, small unmanaged values inline in <see cref="Lo"/>/<see cref="Hi"/>.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct ArgSlot
{
    public object? Ref;
    public string? Name;
    public string? Format;
    public long Lo;
    public long Hi;
    public int Alignment;
    public ArgKind Kind;

    /// <summary>Captures a value with a name, format and alignment (interpolation holes, key-values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set<T>(T value, string? name, string? format = null, int alignment = 0)
    {
        Name = name;
        Format = format;
        Alignment = alignment;
        SetValue(value);
    }

    /// <summary>Captures only the value (template arguments take their name and format from the template, so the
    /// other fields are left as they are and ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValue<T>(T value)
    {
        if (!typeof(T).IsValueType)
        {
            // Strings and other references alike: the worker tells them apart, the caller pays no type check.
            Kind = ArgKind.Object;
            Ref = value;
        }
        else if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= 16)
        {
            Kind = ArgKind.Inline;
            Ref = ValueCodec<T>.Instance;
            if (Unsafe.SizeOf<T>() > 8)
            {
                // Through a local pair: the struct's auto layout does not promise Hi right after Lo.
                Span<long> raw = [0, 0];
                Unsafe.WriteUnaligned(ref Unsafe.As<long, byte>(ref raw[0]), value);
                Lo = raw[0];
                Hi = raw[1];
            }
            else
            {
                Lo = 0;
                Unsafe.WriteUnaligned(ref Unsafe.As<long, byte>(ref Lo), value);
            }
        }
        else
        {
            // Large or reference-holding structs (and nullables) are boxed: the one documented allocating case.
            Kind = ArgKind.Object;
            Ref = value;
        }
    }

    /// <summary>This value with the given format and alignment (templates carry them in the hole).</summary>
    public readonly ArgSlot WithFormat(string? format, int alignment)
    {
        var copy = this;
        copy.Format = format;
        copy.Alignment = alignment;
        return copy;
    }

    public void SetLiteral(string text)
    {
        Kind = ArgKind.Literal;
        Ref = text;
        Name = null;
        Format = null;
        Alignment = 0;
    }

    /// <summary>The inline value read back as <typeparamref name="T"/> (the codec's type).</summary>
    public readonly T ReadInline<T>()
    {
        long lo = Lo, hi = Hi;
        Span<long> raw = [lo, hi];
        return Unsafe.ReadUnaligned<T>(ref Unsafe.As<long, byte>(ref raw[0]));
    }

    /// <summary>The value as an object (boxes inline values); for handlers that want plain objects.</summary>
    public readonly object? ToObject() => Kind switch
    {
        ArgKind.Inline => ((IValueCodec)Ref!).Box(in this),
        _ => Ref,
    };
}
