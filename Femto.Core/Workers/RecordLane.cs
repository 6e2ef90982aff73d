using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>One logger's or handler's queue and everything that goes with it — overflow policy, waits, counters,
/// flush and stop by sequence number — run by a <see cref="DispatchPool"/> as if it had a worker of its own.</summary>
/// <remarks>
/// A lane is an actor's mailbox: it is <em>idle</em> (no worker, not queued) or <em>scheduled</em> (queued in its
/// pool or being run by exactly one worker, so its records are handled one at a time, in order). A producer
/// schedules it only when it finds it idle, so a busy lane costs each call one read. The worker that drains it
/// marks it idle and then looks for records once more; the producer claims its position (a full fence) before it
/// reads the state. One of the two always sees the other (a Dekker handshake), so no record is left unscheduled.
/// </remarks>
internal sealed class RecordLane
{
    public const int MaxBatch = 256;
    private const int Idle = 0, Scheduled = 1;
    private const int StateRunning = 1, StateStopping = 2, StateStopped = 3;
    private const int SpinsBeforeBlocking = 20;

    private readonly RecordQueue _queue;
    private readonly IRecordConsumer _consumer;
    private readonly DispatchPool _pool;
    private readonly TimeProvider _time;
    private long _wakeMask;
    private int _schedule;
    private int _state = StateRunning;
    private int _waiters;
    private int _runner; // managed id of the thread running the lane, 0 when none
    private long _flushRequested;
    private long _flushedThrough;
    private long _flushTickets; // flush calls that asked the worker; the worker answers them all with one sink flush
    private long _flushedTicket;
    private bool _lastFlushOk = true;
    // Set by the last step of a stop, after the consumer released its sink: Stop returns only then, so a handler's
    // Close or Dispose does not return while its sink (an owned stream, a file) is still open.
    private volatile bool _finished;
    private long _lastActivity;

    public RecordLane(string component, int capacity, IRecordConsumer consumer, DispatchPool pool, TimeProvider? time = null)
    {
        Component = component;
        _queue = new RecordQueue(capacity);
        _consumer = consumer;
        _pool = pool;
        _time = time ?? TimeProvider.System;
        _lastActivity = _time.GetTimestamp();
        _wakeMask = WakeMaskFor(capacity);
        Drops = new FailureCounter(component, "records dropped");
        Errors = new FailureCounter(component, "errors");
        FemtoMetrics.Register(this);
    }

    /// <summary>Name used in thread names and reports, such as <c>logger 'api'</c>.</summary>
    public string Component { get; }

    /// <summary>Queue capacity; may change at any time (see <see cref="RecordQueue.Capacity"/>).</summary>
    public int Capacity
    {
        get => _queue.Capacity;
        set
        {
            _queue.Capacity = value;
            _wakeMask = WakeMaskFor(value);
        }
    }

    // A napping pool is nudged by the producer whose record lands on a multiple of this (about a quarter of the
    // queue), so a burst cannot fill the queue during a nap. (Every record, for queues under 4.)
    private static long WakeMaskFor(int capacity) =>
        Math.Max(1L, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity) / 4) - 1;

    public long AcceptedCount => _queue.ClaimedCount;
    /// <summary>Records covered by the last completed flush (consumed, then the sink flushed).</summary>
    public long FlushedThrough => Volatile.Read(ref _flushedThrough);
    public long ProcessedCount => _queue.ReleasedCount;
    public int QueuedCount => _queue.Count;
    public long DroppedCount => Drops.Count;
    public long ErrorCount => Errors.Count;
    public bool IsRunning => Volatile.Read(ref _state) == StateRunning;
    public bool IsStopped => Volatile.Read(ref _state) == StateStopped;
    public FailureCounter Drops { get; }
    public FailureCounter Errors { get; }
    public TimeProvider TimeProvider => _time;

    /// <summary>True when the lane has a pool of its own (a built-in handler's dedicated worker).</summary>
    public bool IsDedicated => _pool.IsDedicated;

    /// <summary>The next lane in the pool's ready list (guarded by the pool's lock).</summary>
    internal RecordLane? NextReady;

    /// <summary>When the lane entered the ready list (Environment.TickCount64), for the watchdog.</summary>
    internal long ReadySince;

    // ---- producers ----

    /// <summary>Enqueues <paramref name="record"/>, applying <paramref name="policy"/> when the queue is full. On
    /// success the lane owns the record; on failure (dropped and counted) the caller keeps it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Enqueue(LogRecord record, OverflowPolicy policy)
    {
        long pos = _queue.TryEnqueue(record);
        if (pos < 0) return EnqueueSlow(record, policy, countStopped: true) == EnqueueResult.Enqueued;
        AfterEnqueue(pos);
        return true;
    }

    /// <summary>Like <see cref="Enqueue"/>, but a lane that stopped (or is stopping) refuses the record without
    /// counting it, so a producer that reached a handler around its logger's queue can go through that queue instead.</summary>
    public EnqueueResult EnqueueUnlessStopped(LogRecord record, OverflowPolicy policy)
    {
        long pos = _queue.TryEnqueue(record);
        if (pos < 0) return EnqueueSlow(record, policy, countStopped: false);
        AfterEnqueue(pos);
        return EnqueueResult.Enqueued;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AfterEnqueue(long pos)
    {
        if (Volatile.Read(ref _schedule) == Idle) Schedule(urgent: false);
        else if ((pos & _wakeMask) == 0) _pool.Nudge();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private EnqueueResult EnqueueSlow(LogRecord record, OverflowPolicy policy, bool countStopped)
    {
        if (!IsRunning) return countStopped ? Dropped() : EnqueueResult.Stopped;
        if (policy.Kind == OverflowKind.Drop || !FemtoWorkerThread.MayWaitOn(this) || IsRunByCurrentThread)
            return Dropped();
        long deadline = policy.Kind == OverflowKind.Block ? long.MaxValue : Environment.TickCount64 + (long)policy.TimeoutValue.TotalMilliseconds;
        // The worker is draining: a few spins and yields usually find room without a trip through the kernel.
        Schedule(urgent: true);
        var spinner = new SpinWait();
        for (int i = 0; i < SpinsBeforeBlocking && IsRunning; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (TryEnqueueOnce(record)) return EnqueueResult.Enqueued;
        }
        using var backPressure = DispatchPool.EnterBackPressure();
        Interlocked.Increment(ref _waiters);
        try
        {
            lock (this)
            {
                while (true)
                {
                    if (!IsRunning) return countStopped ? Dropped() : EnqueueResult.Stopped;
                    if (TryEnqueueOnce(record)) return EnqueueResult.Enqueued;
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return Dropped();
                    Schedule(urgent: true); // the queue is full: its worker must not nap now
                    // The worker pulses after every batch; the bounded wait is only a safety net.
                    Monitor.Wait(this, (int)Math.Min(left, 100));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    /// <summary>Enqueues <paramref name="record"/> if there is room, without applying any overflow policy (no drop
    /// is counted when it is refused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEnqueue(LogRecord record) => TryEnqueueOnce(record);

    /// <summary>True when no worker runs the lane and nothing is queued: every record enqueued so far has been
    /// handled (a producer may then deliver around the lane without overtaking any of them).</summary>
    public bool IsIdleAndEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _schedule) == Idle && _queue.ClaimedCount == _queue.ReleasedCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryEnqueueOnce(LogRecord record)
    {
        long pos = _queue.TryEnqueue(record);
        if (pos < 0) return false;
        AfterEnqueue(pos);
        return true;
    }

    private EnqueueResult Dropped()
    {
        Drops.Increment();
        return EnqueueResult.Dropped;
    }

    /// <summary>Counts a record that never reached the queue (for example, discarded after shutdown).</summary>
    public void CountDrop() => Dropped();

    /// <summary>Puts the lane in its pool's ready list if it is idle; when <paramref name="urgent"/>, also makes
    /// sure a worker is awake for it (flush, stop, a blocked producer) rather than letting a napping one come by.</summary>
    private void Schedule(bool urgent)
    {
        if (Interlocked.CompareExchange(ref _schedule, Scheduled, Idle) == Idle) _pool.Enqueue(this, urgent);
        else if (urgent) _pool.Nudge(urgent: true);
    }

    private bool IsRunByCurrentThread => Volatile.Read(ref _runner) == Environment.CurrentManagedThreadId;

    // ---- flush, drain, stop ----

    /// <summary>Waits until every record enqueued before the call has been consumed and the sink flushed.</summary>
    public bool Flush(TimeSpan timeout)
    {
        long target = _queue.ClaimedCount;
        if (!IsRunning) return false;
        long current;
        while ((current = Volatile.Read(ref _flushRequested)) < target
               && Interlocked.CompareExchange(ref _flushRequested, target, current) != current) { }
        // Nothing enqueued since the last flush, which succeeded: the sink holds nothing new either. After a failed
        // flush the sink is asked again: it may still hold what it could not write then (a peer that was down).
        if (Volatile.Read(ref _flushedThrough) >= target && Volatile.Read(ref _lastFlushOk)) return true;
        // Taken after the target is raised, so a worker that sees this ticket sees that target too.
        long ticket = Interlocked.Increment(ref _flushTickets);
        Schedule(urgent: true);
        return WaitFor(() => Volatile.Read(ref _flushedTicket) >= ticket, timeout) && Volatile.Read(ref _lastFlushOk);
    }

    /// <summary>Waits until everything enqueued before the call has been consumed (without flushing the sink).</summary>
    public bool WaitDrained(TimeSpan timeout)
    {
        long target = _queue.ClaimedCount;
        if (_queue.ReleasedCount >= target) return true;
        Schedule(urgent: true);
        return WaitFor(() => _queue.ReleasedCount >= target, timeout);
    }

    /// <summary>Drains what is queued, flushes, stops and releases the sink. Idempotent. Returns true when the lane
    /// stopped within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        Interlocked.CompareExchange(ref _state, StateStopping, StateRunning);
        Schedule(urgent: true);
        return WaitFor(() => _finished, timeout);
    }

    /// <summary>Stops a lane that has never been scheduled, at once (a logger created after shutdown): everything
    /// offered to it is refused and counted.</summary>
    public void StopUnstarted()
    {
        if (Interlocked.CompareExchange(ref _state, StateStopped, StateRunning) != StateRunning) return;
        _queue.Seal();
        FemtoMetrics.Unregister(this);
        _finished = true;
    }

    private bool WaitFor(Func<bool> done, TimeSpan timeout)
    {
        if (done()) return true;
        if (IsRunByCurrentThread) return false; // waiting for ourselves would never end
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Max(0, timeout.TotalMilliseconds);
        Interlocked.Increment(ref _waiters);
        try
        {
            lock (this)
            {
                while (!done())
                {
                    if (_finished) return done();
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return false;
                    Monitor.Wait(this, (int)Math.Min(left, 100));
                }
                return true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    // ---- the worker running the lane ----

    /// <summary>Worker: handles up to <see cref="MaxBatch"/> records and any flush or stop request.
    /// <paramref name="worker"/> is the worker thread's own producer state (its magazine, and the nesting depth of
    /// records its handlers log).</summary>
    internal LaneRun Run(Producer worker, out int n)
    {
        Volatile.Write(ref _runner, Environment.CurrentManagedThreadId);
        try
        {
            n = DrainBatch(worker);
            if (n > 0)
            {
                _queue.PublishReleased();
                SafeCall(static c => c.EndBatch(), out _);
                FemtoClock.MarkActive(n);
                _lastActivity = _time.GetTimestamp();
            }
            CompleteFlushRequest();
            if (n > 0) PulseWaiters(force: false);
            if (_queue.HasPending) return LaneRun.More;
            if (Volatile.Read(ref _state) != StateRunning)
            {
                FinishStop(worker);
                return LaneRun.Stopped;
            }
            return LaneRun.Empty;
        }
        finally
        {
            Volatile.Write(ref _runner, 0);
        }
    }

    /// <summary>Worker, after <see cref="Run"/> found nothing more: marks the lane idle, then looks once more.
    /// Returns false when it had to take the lane back (a record, flush or stop arrived meanwhile).</summary>
    internal bool TryGoIdle()
    {
        Interlocked.Exchange(ref _schedule, Idle);
        if (!_queue.HasPending && !FlushPending && Volatile.Read(ref _state) == StateRunning) return true;
        return Interlocked.CompareExchange(ref _schedule, Scheduled, Idle) != Idle;
    }

    /// <summary>True when records are claimed but not handled yet (worker only).</summary>
    internal bool HasPending => _queue.HasPending;

    private bool FlushPending => Volatile.Read(ref _flushTickets) > Volatile.Read(ref _flushedTicket);

    /// <summary>Time since the last batch ended or idle work last ran (worker).</summary>
    internal TimeSpan IdleTime => _time.GetElapsedTime(Volatile.Read(ref _lastActivity));

    /// <summary>How long until the consumer's idle work is due, or null when it has none (worker, lane idle).</summary>
    internal TimeSpan? IdleWorkDueIn()
    {
        if (!SafeGet(static c => c.HasIdleWork)) return null;
        var due = SafeGet(static c => c.IdleInterval) - IdleTime;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    /// <summary>Worker of a dedicated pool: runs the consumer's idle work if it is due, taking the lane for it.</summary>
    internal void RunIdleWorkIfDue()
    {
        if (IdleWorkDueIn() is not { } due || due > TimeSpan.Zero) return;
        if (Interlocked.CompareExchange(ref _schedule, Scheduled, Idle) != Idle) return; // records came: the run will do
        Volatile.Write(ref _runner, Environment.CurrentManagedThreadId);
        try
        {
            _lastActivity = _time.GetTimestamp(); // once per idle interval, not on every wake-up
            SafeCall(static c => c.OnIdle(), out _);
        }
        finally
        {
            Volatile.Write(ref _runner, 0);
            if (!TryGoIdle()) _pool.Enqueue(this, urgent: false);
        }
    }

    private int DrainBatch(Producer worker)
    {
        int n = 0;
        LogRecord? record;
        var returns = new RecordPool.ReturnRun();
        try
        {
            while (n < MaxBatch && (record = _queue.TryDequeue()) is not null)
            {
                bool kept = false;
                // What a handler logs while handling this record is one level deeper (see Producer.Depth).
                worker.Depth = (byte)Math.Min(record.Depth + 1, byte.MaxValue);
                try
                {
                    if (record.Deferred is not null) record.CompleteDeferred();
                    kept = _consumer.Consume(record);
                }
                catch (Exception ex)
                {
                    Errors.Record(ex);
                }
                if (!kept)
                {
                    record.Release();
                    returns.Add(record);
                }
                n++;
            }
        }
        finally
        {
            returns.Flush();
        }
        worker.Depth = 1;
        return n;
    }

    private void CompleteFlushRequest()
    {
        long ticket = Volatile.Read(ref _flushTickets);
        if (ticket <= Volatile.Read(ref _flushedTicket)) return;
        // Read after the ticket, so it covers the target of every flush call that took a ticket up to this one.
        long requested = Volatile.Read(ref _flushRequested);
        long consumed = _queue.ReleasedCount;
        if (consumed < requested) return;
        SafeCall(static c => c.Flush(), out bool ok);
        Volatile.Write(ref _lastFlushOk, ok);
        Volatile.Write(ref _flushedThrough, consumed);
        Volatile.Write(ref _flushedTicket, ticket);
        PulseWaiters(force: true);
    }

    private void FinishStop(Producer worker)
    {
        // Seal: later claims are refused (their producers count the drop) instead of landing in a queue nobody reads.
        // What was claimed before the seal is still handled — a producer may be between its claim and its link — so
        // nothing the queue accepted is lost to the stop; a producer that never links within a second is given up.
        long sealedAt = _queue.Seal();
        long deadline = Environment.TickCount64 + 1000;
        var spinner = new SpinWait();
        while (_queue.TakenCount < sealedAt && Environment.TickCount64 < deadline)
            if (DrainBatch(worker) == 0) spinner.SpinOnce(sleep1Threshold: -1);
        _queue.PublishReleased();
        SafeCall(static c => c.Flush(), out _);
        Volatile.Write(ref _state, StateStopped);
        // Records claimed but never linked are lost with the producer that hung; the pool replaces them in their
        // magazines (RecordPool.Reclaim), or the GC finds a magazine never spent unreachable (RecordSlab).
        long left = sealedAt - _queue.TakenCount;
        if (left > 0) Drops.Add(left);
        _queue.Abandon();
        SafeCall(static c => { c.OnStopped(); return true; }, out _);
        FemtoMetrics.Unregister(this);
        _finished = true;
        PulseWaiters(force: true);
    }

    private void SafeCall(Func<IRecordConsumer, bool> call, out bool result)
    {
        try { result = call(_consumer); }
        catch (Exception ex) { Errors.Record(ex); result = false; }
    }

    private void SafeCall(Action<IRecordConsumer> call, out bool ok)
    {
        try { call(_consumer); ok = true; }
        catch (Exception ex) { Errors.Record(ex); ok = false; }
    }

    private T SafeGet<T>(Func<IRecordConsumer, T> read)
    {
        try { return read(_consumer); }
        catch (Exception ex) { Errors.Record(ex); return default!; }
    }

    private void PulseWaiters(bool force)
    {
        // Full fence: the releases above must be visible before we look for waiters (Dekker with EnqueueSlow).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) == 0) return;
        // Hysteresis: wake blocked producers once half the queue is free, not after every batch, so they come
        // back to real room instead of stampeding for a few slots.
        if (!force && _queue.Count > _queue.Capacity / 2 && _queue.HasPending) return;
        lock (this) Monitor.PulseAll(this);
    }
}

/// <summary>What became of a record offered to a lane.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued: the lane owns it.</summary>
    Enqueued,
    /// <summary>Dropped by the overflow policy (counted).</summary>
    Dropped,
    /// <summary>The lane stopped; not counted (see <see cref="RecordLane.EnqueueUnlessStopped"/>).</summary>
    Stopped,
}

/// <summary>What one run of a lane left behind.</summary>
internal enum LaneRun
{
    /// <summary>Records are waiting: run it again.</summary>
    More,
    /// <summary>Nothing is queued: the lane may go idle.</summary>
    Empty,
    /// <summary>The lane stopped for good.</summary>
    Stopped,
}
