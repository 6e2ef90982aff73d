namespace Femto;

/// <summary>Counts one kind of failure of one component and reports it on <see cref="FemtoDiagnostics"/> at most
/// once per second with the running count, so a storm of failures never floods stderr but is never silent.</summary>
internal sealed class FailureCounter(string what)
{
    private readonly RateLimiter _limiter = new();
    private PaddedLong _count;
    private long _reported;
    private long _lastAt = long.MinValue;
    private string? _lastCause;

    /// <summary>When (Environment.TickCount64) a failure was last counted.</summary>
    public long LastAt => Volatile.Read(ref _lastAt);

    /// <summary>The cause of the last failure recorded with one.</summary>
    public string? LastCause => Volatile.Read(ref _lastCause);

    public long Count => Volatile.Read(ref _count.Value);

    public void Increment()
    {
        Interlocked.Increment(ref _count.Value);
        Volatile.Write(ref _lastAt, Environment.TickCount64);
    }

    public void Add(long n)
    {
        Interlocked.Add(ref _count.Value, n);
        Volatile.Write(ref _lastAt, Environment.TickCount64);
    }

    /// <summary>Counts one failure and reports it (rate-limited) with its cause.</summary>
    public void Record(string component, Exception? error)
    {
        if (error is not null) Volatile.Write(ref _lastCause, $"{error.GetType().Name}: {error.Message}");
        Increment();
        ReportPending(component, error);
    }

    /// <summary>Reports counts not reported yet, if the rate limit allows.</summary>
    public void ReportPending(string component, Exception? error = null)
    {
        long total = Count;
        long reported = Volatile.Read(ref _reported);
        if (total == reported || !_limiter.TryAcquire()) return;
        Volatile.Write(ref _reported, total);
        string cause = error is null ? "" : $": {error.GetType().Name}: {error.Message}";
        FemtoDiagnostics.Report($"{component}: {what}: {total - reported} new, {total} in total{cause}");
    }

    /// <summary>True when some failures have not been reported yet.</summary>
    public bool HasUnreported => Count != Volatile.Read(ref _reported);
}
