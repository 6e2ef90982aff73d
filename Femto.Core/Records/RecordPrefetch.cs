using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Asks the CPU to fetch a record's cache lines before a thread touches them. Records move between cores
/// (filled by a caller, handled by a worker, reused by a caller), so each first touch would otherwise stall on
/// pulling the record across.</summary>
/// <remarks>Only a hint: the record is not pinned, and if the GC moves it meanwhile the prefetch is merely wasted (a
/// prefetch never faults). Without SSE (other architectures) it does nothing.</remarks>
internal static class RecordPrefetch
{
    private const int RecordLines = 6; // a record is ~330 bytes; six lines cover it wherever it starts in a line

    /// <summary>Prefetches the lines of <paramref name="node"/> (a record, or a queue's stub).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Fetch(QueueNode node)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        byte* p = (byte*)Unsafe.AsPointer(ref Unsafe.As<RawObject>(node).FirstField);
        for (int line = 0; line < RecordLines; line++) System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + line * 64);
    }

    /// <summary>Overlays any object to reach the address of its first field.</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // never assigned: only its address is taken
        public byte FirstField;
#pragma warning restore CS0649
    }
}
