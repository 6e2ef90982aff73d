namespace Femto;

/// <summary>What a structured value is, as JSON and MessagePack encoders need to know it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name the JSON/MessagePack kinds they map to.")]
public enum FemtoValueKind : byte
{
    /// <summary>A null reference.</summary>
    Null,
    /// <summary>A string (<see cref="FemtoKeyValue.TryGetString"/>).</summary>
    String,
    /// <summary>A signed integer: <c>sbyte</c>, <c>short</c>, <c>int</c>, <c>long</c>, <c>nint</c> (<see cref="FemtoKeyValue.TryGetInt64"/>).</summary>
    Signed,
    /// <summary>An unsigned integer: <c>byte</c>, <c>ushort</c>, <c>uint</c>, <c>ulong</c>, <c>nuint</c> (<see cref="FemtoKeyValue.TryGetUInt64"/>).</summary>
    Unsigned,
    /// <summary>A binary floating-point number: <c>Half</c>, <c>float</c>, <c>double</c> (<see cref="FemtoKeyValue.TryGetDouble"/>).</summary>
    Float,
    /// <summary>A <c>bool</c> (<see cref="FemtoKeyValue.TryGetBoolean"/>).</summary>
    Boolean,
    /// <summary>Anything else (decimal, Guid, dates, enums, objects): rendered as text with <see cref="FemtoKeyValue.WriteText"/>.</summary>
    Other,
}
