using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The one static read that keeps context work off the common call: non-zero while any context frame or
/// recorded scope is in force anywhere in the process, and for good once an <see cref="Activity"/> has been current.
/// While it is zero a call does not touch <see cref="FemtoContext"/>'s AsyncLocal or <see cref="Activity.Current"/>
/// (each an execution-context lookup of ~7 ns here).</summary>
/// <remarks>Activities: Femto watches <see cref="Activity.CurrentChanged"/> from its first use (and looks at
/// <see cref="Activity.Current"/> then); the first activity that becomes current opens the gate for the rest of the
/// process and Femto stops watching. A process that never starts an activity never pays for reading one. An activity
/// made current before Femto was first used, in a flow Femto was not first used in, is seen from the next activity
/// change anywhere. No static constructor, so the hot path's read needs no initialisation check.</remarks>
internal static class AmbientGate
{
    // Contexts and scopes in force in the low bits; ActivityBit once an activity has been seen.
    private const int ActivityBit = 1 << 30;
    private static int s_open;
    private static int s_watching;
    private static volatile bool s_activitySeen;

    /// <summary>True while a call must look for context key-values, scopes or an activity.</summary>
    public static bool IsOpen
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_open != 0;
    }

    /// <summary>True once an activity has been current: calls then read <see cref="Activity.Current"/>.</summary>
    public static bool ActivitySeen => s_activitySeen;

    /// <summary>True while any context or scope is in force somewhere (so a call must read the flow's frame).</summary>
    public static bool FramesInForce => (Volatile.Read(ref s_open) & (ActivityBit - 1)) != 0;

    /// <summary>A context frame or scope came into force.</summary>
    public static void Enter() => Interlocked.Increment(ref s_open);

    /// <summary>A context frame or scope ended.</summary>
    public static void Exit() => Interlocked.Decrement(ref s_open);

    /// <summary>Starts watching for activities (once per process).</summary>
    public static void WatchActivities()
    {
        if (Interlocked.Exchange(ref s_watching, 1) != 0) return;
        Activity.CurrentChanged += OnActivityChanged;
        if (Activity.Current is not null) ActivityBecameCurrent();
    }

    private static void OnActivityChanged(object? sender, ActivityChangedEventArgs e)
    {
        if (e.Current is not null) ActivityBecameCurrent();
    }

    private static void ActivityBecameCurrent()
    {
        if (Interlocked.Exchange(ref s_watching, 2) == 2) return;
        s_activitySeen = true;
        Interlocked.Add(ref s_open, ActivityBit);
        Activity.CurrentChanged -= OnActivityChanged;
    }
}
