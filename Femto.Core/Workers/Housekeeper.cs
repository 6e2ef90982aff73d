namespace Femto;

/// <summary>One background thread for everything that must not wait on a worker or burden a caller: topping up
/// the <see cref="RecordPool"/>, writing rate-limited failure reports (so drops into a hung handler are reported
/// while it hangs), and watching the dispatch pool for workers stuck in slow handlers. It sleeps while there is
/// nothing to do.</summary>
internal static class Housekeeper
{
    private const int WatchIntervalMs = 10;
    private const int TrimCheckMs = 5000;
    private static readonly TimeSpan s_trimQuiet = TimeSpan.FromSeconds(30);

    private static readonly object s_gate = new();
    private static readonly List<FailureCounter> s_reports = [];
    private static readonly Parker s_parker = new();
    private static readonly object s_recordsGate = new();
    private static int s_refillRequested;
    private static int s_watching;
    private static int s_watchingSpent;
    private const int SpentCheckMs = 250;
    private static Thread? s_thread;
    private static long s_recordsGeneration;

    /// <summary>Asks for the record pool to be topped up.</summary>
    public static void RequestRefill()
    {
        if (Interlocked.Exchange(ref s_refillRequested, 1) == 0) Wake();
    }

    /// <summary>Hands a failure counter with unreported counts to the reporter.</summary>
    public static void ScheduleReport(FailureCounter counter)
    {
        lock (s_gate) s_reports.Add(counter);
        Wake();
    }

    /// <summary>Starts watching the dispatch pool (it is saturated) until it no longer needs it.</summary>
    public static void Watch()
    {
        if (Volatile.Read(ref s_watching) == 0 && Interlocked.Exchange(ref s_watching, 1) == 0) Wake();
    }

    /// <summary>Starts looking, a few times a second, for spent magazines that wait too long for their last records
    /// (<see cref="RecordPool.Reclaim"/>) until none is left waiting.</summary>
    public static void WatchSpentMagazines()
    {
        if (Volatile.Read(ref s_watchingSpent) == 0 && Interlocked.Exchange(ref s_watchingSpent, 1) == 0) Wake();
    }

    /// <summary>Waits until the pool has had records added, at most <paramref name="timeout"/>.</summary>
    public static bool WaitForRecords(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (s_recordsGate)
        {
            long seen = s_recordsGeneration;
            while (RecordPool.FreeCount == 0 && s_recordsGeneration == seen)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(s_recordsGate, (int)left);
            }
            return true;
        }
    }

    internal static void RecordsAvailable()
    {
        lock (s_recordsGate)
        {
            s_recordsGeneration++;
            Monitor.PulseAll(s_recordsGate);
        }
    }

    private static void Wake()
    {
        EnsureStarted();
        s_parker.Unpark();
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref s_thread) is not null) return;
        lock (s_gate)
        {
            if (s_thread is not null) return;
            var t = new Thread(Run) { IsBackground = true, Name = "femto housekeeper" };
            t.UnsafeStart();
            Volatile.Write(ref s_thread, t);
        }
    }

    private static void Run()
    {
        FemtoWorkerThread.MarkCurrent(WorkerRole.Housekeeper);
        long nextTrim = Environment.TickCount64 + TrimCheckMs;
        while (true)
        {
            long now = Environment.TickCount64;
            long wakeAt = long.MaxValue;
            try
            {
                if (Interlocked.Exchange(ref s_refillRequested, 0) != 0 || RecordPool.NeedsRefill) RecordPool.Refill();
                wakeAt = Math.Min(wakeAt, ReportDue());
                if (Volatile.Read(ref s_watching) != 0)
                {
                    if (DispatchPool.WatchAll()) wakeAt = Math.Min(wakeAt, now + WatchIntervalMs);
                    else
                    {
                        Volatile.Write(ref s_watching, 0);
                        // Saturation reported between the check and the reset would be missed: look once more.
                        if (DispatchPool.WatchAll()) { Volatile.Write(ref s_watching, 1); wakeAt = Math.Min(wakeAt, now + WatchIntervalMs); }
                    }
                }
                if (Volatile.Read(ref s_watchingSpent) != 0)
                {
                    RecordPool.Reclaim();
                    if (RecordPool.SpentCount > 0) wakeAt = Math.Min(wakeAt, now + SpentCheckMs);
                    else
                    {
                        Volatile.Write(ref s_watchingSpent, 0);
                        // A magazine spent between the count and the reset would be missed: look once more.
                        if (RecordPool.SpentCount > 0) { Volatile.Write(ref s_watchingSpent, 1); wakeAt = Math.Min(wakeAt, now + SpentCheckMs); }
                    }
                }
                if (RecordPool.CanTrim)
                {
                    if (now >= nextTrim)
                    {
                        RecordPool.Trim(s_trimQuiet);
                        nextTrim = now + TrimCheckMs;
                    }
                    wakeAt = Math.Min(wakeAt, nextTrim);
                }
            }
            catch (Exception ex)
            {
                FemtoDiagnostics.Report($"housekeeper: {ex.GetType().Name}: {ex.Message}");
                wakeAt = Math.Min(wakeAt, now + 1000);
            }
            long sleep = wakeAt == long.MaxValue ? Timeout.Infinite : Math.Clamp(wakeAt - Environment.TickCount64, 0, int.MaxValue);
            if (sleep != 0) s_parker.Park((int)sleep);
        }
    }

    /// <summary>Reports what the rate limits allow; returns when to look again.</summary>
    private static long ReportDue()
    {
        FailureCounter[] pending;
        lock (s_gate)
        {
            if (s_reports.Count == 0) return long.MaxValue;
            pending = [.. s_reports];
            s_reports.Clear();
        }
        long next = long.MaxValue;
        List<FailureCounter>? keep = null;
        foreach (var counter in pending)
        {
            if (counter.ReportScheduled()) continue;
            (keep ??= []).Add(counter);
            next = Math.Min(next, counter.NextReportAt);
        }
        if (keep is not null) lock (s_gate) s_reports.AddRange(keep);
        return next;
    }
}
