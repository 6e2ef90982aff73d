using System.Runtime.CompilerServices;

namespace Femto.Tests.Support;

/// <summary>Bytes allocated on the calling thread by a body run <c>n</c> times (GC.GetAllocatedBytesForCurrentThread).</summary>
public static class AllocationMeter
{
    /// <summary>Consecutive rounds that must allocate nothing for <see cref="Rounds"/> to call the calls settled.</summary>
    public const int Settle = 3;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Measure<TState>(TState state, Action<TState> body, int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) body(state);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Measures rounds of <paramref name="n"/> calls (running <paramref name="afterRound"/> after each) until
    /// <see cref="Settle"/> rounds in a row allocate nothing, at least <paramref name="minRounds"/> and at most
    /// <paramref name="maxRounds"/>; returns each round's bytes. Assert with <see cref="Settled"/>.</summary>
    /// <remarks>Why not one round: the thread's counter can move by the unused rest of its allocation quantum
    /// (here 6–7 KB, once, about 0.1 s into a process) although the thread allocated nothing — seen with background
    /// GC on and never with <c>DOTNET_gcConcurrent=0</c> — so a single round can fail a path that allocates nothing.
    /// A call that allocates, even once in a thousand calls, allocates in every round and never settles.</remarks>
    public static long[] Rounds<TState>(TState state, Action<TState> body, int n, Action? afterRound = null, int minRounds = 5, int maxRounds = 12)
    {
        var rounds = new List<long>();
        while (rounds.Count < maxRounds && (rounds.Count < minRounds || !Settled([.. rounds])))
        {
            rounds.Add(Measure(state, body, n));
            afterRound?.Invoke();
        }
        return [.. rounds];
    }

    /// <summary>True when the last <see cref="Settle"/> rounds allocated nothing.</summary>
    public static bool Settled(long[] rounds) => rounds.Length >= Settle && rounds[^Settle..].All(static b => b == 0);

    /// <summary>The rounds, for an assertion's message.</summary>
    public static string Describe(long[] rounds) => $"bytes per round: {string.Join(", ", rounds)}";
}
