using System.Globalization;

namespace Femto;

/// <summary>Turns the key-values given to <see cref="FemtoContext.Push"/> and to a timed scope into prepared slots,
/// on the caller's thread. Values are limited to scalars and strings, so nothing is evaluated later on a worker and
/// a value cannot change after it was given: strings, <c>null</c>, booleans, characters, every integer and
/// floating-point type, <see cref="decimal"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>,
/// <see cref="TimeSpan"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="Guid"/> and enums are kept
/// as they are (numbers and booleans keep their JSON and MessagePack type); any other value is converted to text at
/// once (invariant culture: <see cref="IFormattable.ToString(string, IFormatProvider)"/>, else
/// <see cref="object.ToString"/>).</summary>
internal static class ContextValues
{
    /// <summary>A key-value slot for <paramref name="key"/> and <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public static ArgSlot Prepare(string? key, object? value, string paramName)
    {
        if (string.IsNullOrEmpty(key))
            throw new ArgumentException("A key-value's key must be a non-empty string.", paramName);
        var slot = default(ArgSlot);
        switch (value)
        {
            case null: slot.Set<object?>(null, key); break;
            case string s: slot.Set(s, key); break;
            case bool v: slot.Set(v, key); break;
            case int v: slot.Set(v, key); break;
            case long v: slot.Set(v, key); break;
            case double v: slot.Set(v, key); break;
            case char v: slot.Set(v, key); break;
            case byte v: slot.Set(v, key); break;
            case sbyte v: slot.Set(v, key); break;
            case short v: slot.Set(v, key); break;
            case ushort v: slot.Set(v, key); break;
            case uint v: slot.Set(v, key); break;
            case ulong v: slot.Set(v, key); break;
            case nint v: slot.Set(v, key); break;
            case nuint v: slot.Set(v, key); break;
            case float v: slot.Set(v, key); break;
            case Half v: slot.Set(v, key); break;
            case decimal v: slot.Set(v, key); break;
            case DateTime v: slot.Set(v, key); break;
            case DateTimeOffset v: slot.Set(v, key); break;
            case TimeSpan v: slot.Set(v, key); break;
            case DateOnly v: slot.Set(v, key); break;
            case TimeOnly v: slot.Set(v, key); break;
            case Guid v: slot.Set(v, key); break;
            case Enum e: slot.Set<object>(e, key); break; // a boxed enum cannot change; rendered by name
            case IFormattable f: slot.Set(f.ToString(null, CultureInfo.InvariantCulture), key); break;
            default: slot.Set(value.ToString(), key); break;
        }
        return slot;
    }
}
