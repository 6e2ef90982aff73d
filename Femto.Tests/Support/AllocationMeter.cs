using System.Runtime.CompilerServices;

namespace Femto.Tests.Support;

/// <summary>Bytes allocated on the calling thread by a body run <c>n</c> times (GC.GetAllocatedBytesForCurrentThread).</summary>
public static class AllocationMeter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Measure<TState>(TState state, Action<TState> body, int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) body(state);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
