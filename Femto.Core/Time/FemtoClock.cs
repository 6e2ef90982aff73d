using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The clock that stamps records. A precise clock read costs ~25 ns on the machines Femto is measured on,
/// as much as the whole logging call, so while logging is busy records read a cached time that a ticker thread
/// refreshes every millisecond (the approach of log4j2's <c>CachedClock</c> and NLog's <c>FastLocalTimeSource</c>).</summary>
/// <remarks>The ticker runs only while logging is busy: a tick (a 1 ms timed sleep) costs a thread wake-up,
/// ~10–20 µs of CPU on a virtual machine, as much as several hundred precise readings. It starts when records are
/// stamped at 64 or more per millisecond and stops when fewer than 16 per millisecond are handled; in between and
/// below, each record takes a precise reading. Every <see cref="PreciseReadsBeforeCheck"/> precise readings wake it
/// to look at the rate again. An idle process pays for no ticking thread.</remarks>
public static class FemtoClock
{
    private const int Sleeping = 0, Ticking = 1;
    private const int PreciseReadsBeforeCheck = 1024;
    private const int StartAtReadsPerMs = 64;
    private const int StopBelowRecordsPerMs = 16;
    private const int CheckEveryTicks = 64;

    private static long s_ticks = DateTime.UtcNow.Ticks;
    private static int s_state = Sleeping;
    private static long s_budget = PreciseReadsBeforeCheck;
    // Workers add the size of each batch; on a line of its own so those writes do not evict the fields every record
    // reads (a struct static lives in a separate box, and the padding keeps it off its neighbours' line).
    private static PaddedLong s_activity;
    private static FemtoClockMode s_mode = FemtoClockMode.Cached;
    private static readonly AutoResetEvent s_wake = new(false);

    // Started with the clock (it waits at once, costing nothing), so no logging call ever pays for creating it.
    static FemtoClock() => new Thread(Tick) { IsBackground = true, Name = "femto clock" }.UnsafeStart();

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
            return ReadPrecise();
        }
    }

    /// <summary>The current UTC time as records are stamped.</summary>
    public static DateTime UtcNow => new(UtcNowTicks, DateTimeKind.Utc);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long ReadPrecise()
    {
        long now = DateTime.UtcNow.Ticks;
        if (s_mode == FemtoClockMode.Cached && Interlocked.Decrement(ref s_budget) == 0) s_wake.Set();
        return now;
    }

    /// <summary>Workers call this once per batch with its size so the ticker knows how busy logging is.</summary>
    internal static void MarkActive(int records) => s_activity.Value += records;

    private static void Tick()
    {
        long sleptAt = long.MinValue / 2; // the first budget was spent at some rate since start: look again
        while (true)
        {
            s_wake.WaitOne();
            long now = Environment.TickCount64;
            if (now - sleptAt > PreciseReadsBeforeCheck / StartAtReadsPerMs)
            {
                // Too few precise readings per millisecond: ticking would cost more than it saves.
                sleptAt = now;
                Volatile.Write(ref s_budget, PreciseReadsBeforeCheck);
                continue;
            }
            Volatile.Write(ref s_ticks, DateTime.UtcNow.Ticks);
            Volatile.Write(ref s_state, Ticking);
            long lastActivity = Volatile.Read(ref s_activity.Value);
            while (true)
            {
                for (int i = 0; i < CheckEveryTicks; i++)
                {
                    Thread.Sleep(1);
                    Volatile.Write(ref s_ticks, DateTime.UtcNow.Ticks);
                }
                long activity = Volatile.Read(ref s_activity.Value);
                bool busy = activity - lastActivity >= CheckEveryTicks * StopBelowRecordsPerMs;
                lastActivity = activity;
                if (!busy) break;
            }
            Volatile.Write(ref s_state, Sleeping);
            sleptAt = Environment.TickCount64;
            Volatile.Write(ref s_budget, PreciseReadsBeforeCheck);
        }
    }
}
