namespace Femto;

/// <summary>Counts one kind of failure of one component and reports it on <see cref="FemtoDiagnostics"/> at most
/// once per second with the running count, so a storm of failures never floods stderr but is never silent.</summary>
/// <remarks>Counting never writes anything on the caller's thread: a count not reported yet is handed to the
/// <see cref="Housekeeper"/>, which reports it when the rate limit allows — also while the component's own worker
/// is stuck in a hung handler.</remarks>
internal sealed class FailureCounter(string component, string what)
{
    private readonly RateLimiter _limiter = new();
    private long _count;
    private long _reported;
    private long _lastAt = long.MinValue;
    private string? _lastCause;
    private int _scheduled;

    /// <summary>The component named in reports, such as <c>logger 'api'</c>.</summary>
    public string Component => component;

    /// <summary>When (Environment.TickCount64) a failure was last counted.</summary>
    public long LastAt => Volatile.Read(ref _lastAt);

    /// <summary>The cause of the last failure recorded with one.</summary>
    public string? LastCause => Volatile.Read(ref _lastCause);

    public long Count => Volatile.Read(ref _count);

    public void Increment() => Add(1);

    public void Add(long n)
    {
        Interlocked.Add(ref _count, n);
        Volatile.Write(ref _lastAt, Environment.TickCount64);
        ScheduleReport();
    }

    /// <summary>Counts one failure and reports it at once with its cause (if the rate limit allows; otherwise later,
    /// with the count).</summary>
    public void Record(Exception? error, string? detail = null)
    {
        if (error is not null) Volatile.Write(ref _lastCause, $"{error.GetType().Name}: {error.Message}");
        Interlocked.Increment(ref _count);
        Volatile.Write(ref _lastAt, Environment.TickCount64);
        if (!TryReport(error, detail)) ScheduleReport();
    }

    /// <summary>Reports counts not reported yet, if the rate limit allows.</summary>
    /// <returns>True when nothing is left to report.</returns>
    public bool TryReport(Exception? error = null, string? detail = null)
    {
        long total = Count;
        long reported = Volatile.Read(ref _reported);
        if (total == reported) return true;
        if (!_limiter.TryAcquire()) return false;
        Volatile.Write(ref _reported, total);
        string cause = error is null ? "" : $": {error.GetType().Name}: {error.Message}";
        string who = detail is null ? component : component + " " + detail;
        FemtoDiagnostics.Report($"{who}: {what}: {total - reported} new, {total} in total{cause}");
        return Count == total;
    }

    /// <summary>When the next report may be written (Environment.TickCount64).</summary>
    public long NextReportAt => _limiter.NextAllowed;

    /// <summary>True when some failures have not been reported yet.</summary>
    public bool HasUnreported => Count != Volatile.Read(ref _reported);

    private void ScheduleReport()
    {
        if (Volatile.Read(ref _scheduled) == 0 && Interlocked.Exchange(ref _scheduled, 1) == 0) Housekeeper.ScheduleReport(this);
    }

    /// <summary>Housekeeper: reports if allowed; returns true when the counter leaves the pending list.</summary>
    internal bool ReportScheduled()
    {
        if (!TryReport()) return false;
        Volatile.Write(ref _scheduled, 0);
        // A failure counted between the report and the reset would otherwise wait for the next one.
        if (HasUnreported && Interlocked.Exchange(ref _scheduled, 1) == 0) return false;
        return true;
    }
}
