using System.Runtime.InteropServices;

namespace Femto;

/// <summary>A long on its own cache line (128 bytes covers adjacent-line prefetch), so hot counters written by
/// different threads do not share a line.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct PaddedLong
{
    [FieldOffset(64)] public long Value;
}
