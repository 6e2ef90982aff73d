namespace Femto;

/// <summary>One structured value of a record — a named template argument, an interpolation hole or an explicit
/// key-value — read without boxing: its <see cref="Kind"/> says which typed getter applies, and
/// <see cref="WriteText"/> renders it as UTF-8 the way the text formatter does. Get them from
/// <see cref="FemtoRecordView.EnumerateKeyValues"/>.</summary>
/// <remarks>Like the view it comes from, it describes the record being handled: read it during the call.</remarks>
public readonly struct FemtoKeyValue
{
    // The record and slot index rather than a copy of the slot: encoders read many values per record, and a
    // small struct keeps enumerating as cheap as reading the slots directly.
    private readonly LogRecord _record;
    private readonly int _index;
    private readonly bool _templateArgument;

    internal FemtoKeyValue(string key, LogRecord record, int index, bool templateArgument)
    {
        Key = key;
        _record = record;
        _index = index;
        _templateArgument = templateArgument;
        Kind = KindOf(in record.Slots[index]);
    }

    private ref readonly ArgSlot Slot => ref _record.Slots[_index];

    /// <summary>The name: the template hole's name, the interpolation expression, or the key given.</summary>
    public string Key { get; }

    /// <summary>What the value is; selects the typed getter that succeeds.</summary>
    public FemtoValueKind Kind { get; }

    /// <summary>The format given with the value (an interpolation hole's <c>:F2</c>), or null.</summary>
    public string? Format => _templateArgument ? null : Slot.Format; // template slots hold only the value

    /// <summary>The value's runtime type, or null for a null value.</summary>
    public Type? ValueType => Slot is { Kind: ArgKind.Inline } inline ? Codec(in inline).ValueType : Slot.Ref?.GetType();

    /// <summary>The value as a signed integer when <see cref="Kind"/> is <see cref="FemtoValueKind.Signed"/>, or an
    /// unsigned one that fits.</summary>
    public bool TryGetInt64(out long value)
    {
        switch (Kind)
        {
            case FemtoValueKind.Signed:
                ref readonly var slot = ref Slot;
                value = slot.Kind == ArgKind.Inline ? Codec(in slot).ReadInt64(in slot) : BoxedInt64(slot.Ref);
                return true;
            case FemtoValueKind.Unsigned when TryGetUInt64(out ulong u) && u <= long.MaxValue:
                value = (long)u;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The value as an unsigned integer when <see cref="Kind"/> is <see cref="FemtoValueKind.Unsigned"/>.</summary>
    public bool TryGetUInt64(out ulong value)
    {
        if (Kind != FemtoValueKind.Unsigned)
        {
            value = 0;
            return false;
        }
        ref readonly var slot = ref Slot;
        value = slot.Kind == ArgKind.Inline ? Codec(in slot).ReadUInt64(in slot) : BoxedUInt64(slot.Ref);
        return true;
    }

    /// <summary>The value as a double when <see cref="Kind"/> is <see cref="FemtoValueKind.Float"/>.</summary>
    public bool TryGetDouble(out double value)
    {
        if (Kind != FemtoValueKind.Float)
        {
            value = 0;
            return false;
        }
        ref readonly var slot = ref Slot;
        value = slot.Kind == ArgKind.Inline ? Codec(in slot).ReadDouble(in slot) : BoxedDouble(slot.Ref);
        return true;
    }

    /// <summary>The value when <see cref="Kind"/> is <see cref="FemtoValueKind.Boolean"/>.</summary>
    public bool TryGetBoolean(out bool value)
    {
        if (Kind != FemtoValueKind.Boolean)
        {
            value = false;
            return false;
        }
        ref readonly var slot = ref Slot;
        value = slot.Kind == ArgKind.Inline ? Codec(in slot).ReadBoolean(in slot) : (bool)slot.Ref!;
        return true;
    }

    /// <summary>The string when <see cref="Kind"/> is <see cref="FemtoValueKind.String"/>.</summary>
    public bool TryGetString([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = Slot.Ref as string;
        return Kind == FemtoValueKind.String;
    }

    /// <summary>Writes the value as UTF-8 text, with its <see cref="Format"/> (invariant culture), control
    /// characters escaped when <paramref name="escape"/> is true. A null value writes nothing.</summary>
    public void WriteText(FemtoBuffer output, bool escape = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Alignment pads a hole inside the message; the value itself carries none.
        var slot = Slot.WithFormat(Format, 0);
        MessageRenderer.WriteValue(in slot, output, escape);
    }

    /// <summary>The value as an object (boxes values stored inline); prefer the typed getters.</summary>
    public object? ToObject() => Slot.ToObject();

    /// <summary><c>key=value</c> (allocates; for debugging).</summary>
    public override string ToString()
    {
        var buffer = new FemtoBuffer(64);
        WriteText(buffer, escape: true);
        return Key + "=" + System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // An inline slot's Ref is always its IValueCodec (ArgSlot.SetValue): no cast check needed on this path.
    private static IValueCodec Codec(in ArgSlot slot) => System.Runtime.CompilerServices.Unsafe.As<IValueCodec>(slot.Ref!);

    private static long BoxedInt64(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte b => b,
        nint n => n,
        _ => 0,
    };

    private static ulong BoxedUInt64(object? value) => value switch
    {
        uint i => i,
        ulong l => l,
        ushort s => s,
        byte b => b,
        nuint n => n,
        _ => 0,
    };

    private static double BoxedDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        Half h => (double)h,
        _ => 0,
    };

    private static FemtoValueKind KindOf(in ArgSlot slot)
    {
        if (slot.Kind == ArgKind.Inline)
        {
            return Codec(in slot).Nature switch
            {
                ValueNature.Signed => FemtoValueKind.Signed,
                ValueNature.Unsigned => FemtoValueKind.Unsigned,
                ValueNature.Float => FemtoValueKind.Float,
                ValueNature.Boolean => FemtoValueKind.Boolean,
                _ => FemtoValueKind.Other,
            };
        }
        // Boxed primitives (a nullable captured with a value) keep their nature too.
        return slot.Ref switch
        {
            null => FemtoValueKind.Null,
            string => FemtoValueKind.String,
            int or long or short or sbyte or nint => FemtoValueKind.Signed,
            uint or ulong or ushort or byte or nuint => FemtoValueKind.Unsigned,
            double or float or Half => FemtoValueKind.Float,
            bool => FemtoValueKind.Boolean,
            _ => FemtoValueKind.Other,
        };
    }
}
