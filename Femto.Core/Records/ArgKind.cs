namespace Femto;

/// <summary>How an <see cref="ArgSlot"/> holds its value.</summary>
internal enum ArgKind : byte
{
    /// <summary>Literal text of an interpolated string (in <see cref="ArgSlot.Ref"/>).</summary>
    Literal,
    /// <summary>A string value (in <see cref="ArgSlot.Ref"/>), may be null.</summary>
    String,
    /// <summary>Any reference-type value (in <see cref="ArgSlot.Ref"/>), formatted on the worker.</summary>
    Object,
    /// <summary>An unmanaged value of up to 16 bytes stored inline; <see cref="ArgSlot.Ref"/> is its <see cref="IValueCodec"/>.</summary>
    Inline,
}
