namespace Femto.Handlers;

/// <summary>Adaptive back pressure, the Master Log client's idea: callers are slowed to the rate the endpoint has
/// been taking records at, measured as a moving average of the send cost per record, so a hot loop settles near the
/// ingest rate instead of filling the queue and then losing records to it.</summary>
/// <remarks>
/// <para>Pacing is a virtual schedule (the generic cell-rate algorithm): each record reserves one send cost of
/// time; a caller waits only when records have run more than one batch ahead of the schedule, and then for its
/// slot, at most <see cref="MaxDelay"/> per call. Callers logging slower than the endpoint never wait. Waits shorter
/// than a millisecond are carried forward rather than slept.</para>
/// <para>The cost starts at the configured initial value, which the first accepted request replaces; then it follows
/// each accepted request: its duration (or the minimum request interval, if longer) divided by its records, averaged
/// with weight ¼. A batch smaller than the
/// batch size overstates the cost per record (a request has fixed costs), so it can only lower the estimate.
/// Failures do not change it: while the endpoint is down the queue and its overflow policy take over.</para>
/// </remarks>
internal sealed class SendCostPacer
{
    private readonly TimeProvider _time;
    private readonly long _maxDelay; // timestamp ticks
    private readonly int _burst;
    private readonly long _millisecond;
    private long _cost;              // timestamp ticks per record
    private long _due = long.MinValue; // when the schedule reaches the next record
    private long _waits, _waited;
    private bool _measured; // worker only

    public SendCostPacer(TimeProvider time, TimeSpan initialCost, TimeSpan maxDelay, int burst)
    {
        _time = time;
        _cost = Math.Max(1, ToTicks(initialCost));
        _maxDelay = ToTicks(maxDelay);
        _burst = burst;
        _millisecond = Math.Max(1, time.TimestampFrequency / 1000);
        MaxDelay = maxDelay;
    }

    /// <summary>The longest one call is slowed.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The moving-average send cost per record.</summary>
    public TimeSpan CostPerRecord => FromTicks(Volatile.Read(ref _cost));

    /// <summary>Calls that were asked to wait.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>The time callers were asked to wait, in total.</summary>
    public TimeSpan Waited => FromTicks(Interlocked.Read(ref _waited));

    /// <summary>Producer: takes the next slot of the schedule and returns how long the caller should wait for it
    /// (zero unless callers are more than a batch ahead; under a millisecond is carried forward, not waited).</summary>
    public TimeSpan Delay()
    {
        long wait = Reserve(_time.GetTimestamp());
        if (wait < _millisecond) return TimeSpan.Zero;
        Interlocked.Increment(ref _waits);
        Interlocked.Add(ref _waited, wait);
        return FromTicks(wait);
    }

    /// <summary>Reserves one record's slot at <paramref name="now"/>; returns how long the caller should wait (ticks, ≤ the maximum).</summary>
    internal long Reserve(long now)
    {
        long cost = Volatile.Read(ref _cost);
        long tolerance = cost * _burst;
        while (true)
        {
            long due = Volatile.Read(ref _due);
            long start = Math.Max(due, now);
            // Never more than one maximum wait of debt: a stale high estimate or many threads cannot pile up waits.
            long next = Math.Min(start + cost, now + tolerance + _maxDelay + cost);
            if (Interlocked.CompareExchange(ref _due, next, due) != due) continue;
            return Math.Clamp(start - now - tolerance, 0, _maxDelay);
        }
    }

    /// <summary>Worker: an accepted request of <paramref name="records"/> took <paramref name="elapsed"/>.</summary>
    /// <param name="elapsed">The request's duration, or the minimum request interval if that is longer.</param>
    /// <param name="records">Records in the request.</param>
    /// <param name="fullBatch">Whether the request carried a full batch.</param>
    public void Measured(TimeSpan elapsed, int records, bool fullBatch)
    {
        if (records <= 0) return;
        long sample = Math.Max(1, ToTicks(elapsed) / records);
        long cost = Volatile.Read(ref _cost);
        if (!fullBatch && sample > cost) return;
        // The initial cost is a guess: the first measurement replaces it; later ones move the average a quarter.
        long next = Math.Max(1, _measured ? cost + (sample - cost) / 4 : sample);
        _measured = true;
        Volatile.Write(ref _cost, next);
        // The records already scheduled keep their place in line but now cost the new price each: rescale the
        // schedule's lead, so a guess that was too high leaves no debt for the next callers to pay.
        long now = _time.GetTimestamp();
        long due = Volatile.Read(ref _due);
        if (due > now) Interlocked.CompareExchange(ref _due, now + (long)((due - now) * ((double)next / cost)), due);
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan FromTicks(long ticks) => TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);
}
