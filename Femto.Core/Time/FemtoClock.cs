using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The clock that stamps records. A precise clock read costs ~25 ns on the machines Femto is measured on,
/// as much as the whole logging call, so by default records read a cached time that a ticker thread refreshes
/// every millisecond (the approach of log4j2's <c>CachedClock</c> and NLog's <c>FastLocalTimeSource</c>).</summary>
/// <remarks>The ticker goes to sleep after a second without logging activity; the first record after that takes a
/// precise reading and wakes it, so an idle process does not pay for a 1 kHz thread.</remarks>
public static class FemtoClock
{
    private const int Sleeping = 0, Ticking = 1;
    private const int IdleTicksBeforeSleep = 1000;

    private static long s_ticks = DateTime.UtcNow.Ticks;
    private static int s_state = Sleeping;
    // Workers bump this once per batch; on a line of its own so those writes do not evict the fields every record
    // reads (a struct static lives in a separate box, and the padding keeps it off its neighbours' line).
    private static PaddedLong s_activity;
    private static FemtoClockMode s_mode = FemtoClockMode.Cached;
    private static readonly AutoResetEvent s_wake = new(false);
    private static Thread? s_ticker;

    /// <summary>Cached (default) or precise timestamps. May be changed at any time.</summary>
    public static FemtoClockMode Mode
    {
        get => s_mode;
        set => s_mode = value;
    }

    /// <summary>The current UTC time in ticks, as records are stamped.</summary>
    public static long UtcNowTicks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (s_mode == FemtoClockMode.Cached && Volatile.Read(ref s_state) == Ticking) return Volatile.Read(ref s_ticks);
            return ReadPreciseAndWake();
        }
    }

    /// <summary>The current UTC time as records are stamped.</summary>
    public static DateTime UtcNow => new(UtcNowTicks, DateTimeKind.Utc);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ReadPreciseAndWake()
    {
        long now = DateTime.UtcNow.Ticks;
        if (s_mode == FemtoClockMode.Cached && Interlocked.CompareExchange(ref s_state, Ticking, Sleeping) == Sleeping)
        {
            Volatile.Write(ref s_ticks, now);
            EnsureTicker();
            s_wake.Set();
        }
        return now;
    }

    /// <summary>Workers call this once per batch with its size so the ticker knows how busy logging is.</summary>
    internal static void MarkActive(int records) => s_activity.Value += records;

    private static void EnsureTicker()
    {
        if (Volatile.Read(ref s_ticker) is not null) return;
        var t = new Thread(Tick) { IsBackground = true, Name = "femto clock" };
        if (Interlocked.CompareExchange(ref s_ticker, t, null) is null) t.UnsafeStart();
    }

    private static void Tick()
    {
        long lastActivity = 0;
        int idle = 0;
        while (true)
        {
            Volatile.Write(ref s_ticks, DateTime.UtcNow.Ticks);
            Thread.Sleep(1);
            long activity = Volatile.Read(ref s_activity.Value);
            if (activity != lastActivity) { lastActivity = activity; idle = 0; continue; }
            if (++idle < IdleTicksBeforeSleep) continue;
            idle = 0;
            Volatile.Write(ref s_state, Sleeping);
            s_wake.WaitOne();
        }
    }
}
