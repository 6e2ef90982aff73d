using System.Buffers;

namespace Femto;

/// <summary>Reads back and renders an inline value of one type. One cached instance per type, so capture stores a
/// reference instead of boxing.</summary>
internal interface IValueCodec
{
    Type ValueType { get; }
    object Box(in ArgSlot slot);
    /// <summary>Writes the value as UTF-8 text. Returns true when the output can contain no control characters.</summary>
    void WriteUtf8(in ArgSlot slot, FemtoBuffer output, bool escape);
    /// <summary>The value's JSON/MessagePack nature.</summary>
    ValueNature Nature { get; }
    long ReadInt64(in ArgSlot slot);
    ulong ReadUInt64(in ArgSlot slot);
    double ReadDouble(in ArgSlot slot);
    bool ReadBoolean(in ArgSlot slot);
}

/// <summary>How a value maps onto JSON and MessagePack.</summary>
internal enum ValueNature : byte { Text, Signed, Unsigned, Float, Boolean }
