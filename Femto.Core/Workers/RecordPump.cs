using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>The one queue + worker used by every logger and every handler: a bounded <see cref="RecordRing"/>, a
/// dedicated background thread draining it in batches into an <see cref="IRecordConsumer"/>, the overflow policy,
/// drop and error accounting, and flush/stop by sequence number.</summary>
/// <remarks>
/// Parking is adaptive. When the ring empties the worker spins briefly, then naps in 1 ms timed waits while it has
/// been active recently, and only after ~100 ms without records sleeps until woken. Producers never wake a napping
/// worker except when their record lands on a quarter-queue boundary (so a burst cannot overflow the queue during
/// a nap); they wake a sleeping one (a Dekker handshake on <c>_parked</c> and the ring's claim counter). So a busy or
/// recently busy worker costs producers nothing, and an idle one costs nothing either. Flush waits until the worker has consumed
/// everything claimed before the call and then flushed its sink, so no marker record is needed and a full queue
/// cannot block a flush request. Blocked producers and flush waiters wait on a monitor that the worker pulses after
/// each batch, and stop waiting when the worker dies or stops, so a crashed consumer never hangs a caller.
/// </remarks>
// The wake semaphore is never disposed: producers holding a reference to a stopped pump may still release it.
#pragma warning disable CA1001
internal sealed class RecordPump
#pragma warning restore CA1001
{
    private const int MaxBatch = 256;
    private const int SpinsBeforePark = 10;
    private const int SpinsBeforeBlocking = 20;
    private const int NapMs = 1;
    private const int NapsBeforeSleep = 100;
    private const int StateRunning = 1, StateStopping = 2, StateStopped = 3;
    private const int Awake = 0, Napping = 1, Sleeping = 2;

    private readonly RecordRing _ring;
    private readonly IRecordConsumer _consumer;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly object _gate = new();
    private readonly FailureCounter _drops;
    private readonly FailureCounter _errors;
    private int _state = StateRunning;
    private readonly long _wakeMask;
    private int _parked;
    private int _waiters;
    // Written by the worker after every batch; padded off the line of the fields producers read on every record.
    private WorkerActivity _activity = new() { LastActivity = Environment.TickCount64 };
    private long _flushRequested;
    private long _flushedThrough;
    private bool _lastFlushOk = true;

    public RecordPump(string component, int capacity, IRecordConsumer consumer)
    {
        Component = component;
        _ring = new RecordRing(capacity);
        _consumer = consumer;
        // A napping worker is woken by the producer whose record lands on a multiple of this (about a quarter of the queue).
        // (Every record, for queues under 4.)
        _wakeMask = Math.Max(1L, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity) / 4) - 1;
        _drops = new FailureCounter("records dropped");
        _errors = new FailureCounter("errors");
        _thread = new Thread(Run) { IsBackground = true, Name = "femto " + component };
        // Workers must not capture the creating caller's ExecutionContext (AsyncLocals, culture flow).
        _thread.UnsafeStart();
        FemtoMetrics.Register(this);
    }

    /// <summary>Name used in thread names and reports, such as <c>logger 'api'</c>.</summary>
    public string Component { get; }

    public int Capacity => _ring.Capacity;
    public long AcceptedCount => _ring.EnqueuePosition;
    public long ProcessedCount => _ring.DequeuePosition;
    public int QueuedCount => _ring.Count;
    public long DroppedCount => _drops.Count;
    public long ErrorCount => _errors.Count;
    public bool IsRunning => Volatile.Read(ref _state) == StateRunning;
    public int WorkerThreadId => _thread.ManagedThreadId;
    internal FailureCounter Drops => _drops;
    internal FailureCounter Errors => _errors;

    /// <summary>Enqueues a record by swapping it into the ring: a producer's staging record, or a record another
    /// worker hands over. On success <paramref name="staged"/> becomes the slot's previous record, for reuse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool EnqueueSwap(ref LogRecord? staged, OverflowPolicy policy)
    {
        if (Volatile.Read(ref _state) == StateRunning && TryEnqueue(ref staged, null)) return true;
        return EnqueueSlow(ref staged, null, policy);
    }

    /// <summary>Enqueues a copy of <paramref name="record"/> (a record another worker still owns).</summary>
    public bool EnqueueCopy(LogRecord record, OverflowPolicy policy)
    {
        LogRecord? none = null;
        if (Volatile.Read(ref _state) == StateRunning && TryEnqueue(ref none, record)) return true;
        return EnqueueSlow(ref none, record, policy);
    }

    /// <summary>One attempt to put a record in the ring — by swap, or a copy of <paramref name="copyFrom"/> when
    /// given — waking the worker if this record should.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryEnqueue(ref LogRecord? staged, LogRecord? copyFrom)
    {
        long pos = copyFrom is null ? _ring.TryEnqueueSwap(ref staged) : _ring.TryEnqueueCopy(copyFrom);
        if (pos < 0) return false;
        WakeIfNeeded(pos);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool EnqueueSlow(ref LogRecord? staged, LogRecord? copyFrom, OverflowPolicy policy)
    {
        if (policy.Kind == OverflowKind.Drop || !IsRunning || Environment.CurrentManagedThreadId == _thread.ManagedThreadId)
        {
            // Waiting on our own worker would deadlock, so a record logged from inside it is dropped instead.
            return Dropped();
        }
        long deadline = policy.Kind == OverflowKind.Block ? long.MaxValue : Environment.TickCount64 + (long)policy.TimeoutValue.TotalMilliseconds;
        // The worker is draining: a few spins and yields usually find room without a trip through the kernel.
        Wake();
        var spinner = new SpinWait();
        for (int i = 0; i < SpinsBeforeBlocking && IsRunning; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (TryEnqueue(ref staged, copyFrom)) return true;
        }
        Interlocked.Increment(ref _waiters);
        try
        {
            lock (_gate)
            {
                while (true)
                {
                    if (!IsRunning) return Dropped();
                    if (TryEnqueue(ref staged, copyFrom)) return true;
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return Dropped();
                    Wake(); // the queue is full: the worker must not nap now
                    // The worker pulses after every batch; the bounded wait is only a safety net.
                    Monitor.Wait(_gate, (int)Math.Min(left, 100));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    private bool Dropped()
    {
        _drops.Increment();
        if (Volatile.Read(ref _parked) != 0) Wake(); // let the worker report it
        return false;
    }

    /// <summary>Counts a record that never reached the queue (for example, discarded after shutdown).</summary>
    public void CountDrop() => Dropped();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WakeIfNeeded(long pos)
    {
        int parked = Volatile.Read(ref _parked);
        if (parked != Awake && (parked == Sleeping || (pos & _wakeMask) == 0)) Wake();
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _parked, Awake) != Awake) _wake.Release();
    }

    private void ForceWake()
    {
        Interlocked.Exchange(ref _parked, 0);
        _wake.Release();
    }

    /// <summary>Waits until every record enqueued before the call has been consumed and the sink flushed.</summary>
    public bool Flush(TimeSpan timeout)
    {
        long target = _ring.EnqueuePosition;
        if (!IsRunning) return false;
        long current;
        while ((current = Volatile.Read(ref _flushRequested)) < target
               && Interlocked.CompareExchange(ref _flushRequested, target, current) != current) { }
        ForceWake();
        return WaitFor(() => Volatile.Read(ref _flushedThrough) >= target, timeout) && Volatile.Read(ref _lastFlushOk);
    }

    /// <summary>Waits until everything enqueued before the call has been consumed (without flushing the sink).</summary>
    public bool WaitDrained(TimeSpan timeout)
    {
        long target = _ring.EnqueuePosition;
        if (_ring.DequeuePosition >= target) return true;
        ForceWake();
        return WaitFor(() => _ring.DequeuePosition >= target, timeout);
    }

    private bool WaitFor(Func<bool> done, TimeSpan timeout)
    {
        if (done()) return true;
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId) return false;
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Max(0, timeout.TotalMilliseconds);
        Interlocked.Increment(ref _waiters);
        try
        {
            lock (_gate)
            {
                while (!done())
                {
                    if (Volatile.Read(ref _state) == StateStopped) return done();
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return false;
                    Monitor.Wait(_gate, (int)Math.Min(left, 100));
                }
                return true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    /// <summary>Drains what is queued, flushes, stops the worker and releases the sink. Idempotent.
    /// Returns true when the worker finished within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        Interlocked.CompareExchange(ref _state, StateStopping, StateRunning);
        ForceWake();
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId) return false;
        return _thread.Join(timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        catch (Exception ex)
        {
            FemtoDiagnostics.Report($"{Component}: worker failed and stopped: {ex}");
        }
        finally
        {
            Volatile.Write(ref _state, StateStopped);
            // Seal first: a producer that saw the pump running just before the stop is then refused (and counts its
            // drop) instead of landing in a ring nobody reads. Whatever is still queued can no longer be written.
            long left = _ring.Seal() - _ring.DequeuePosition;
            if (left > 0) _drops.Add(left);
            _ring.DropRecords();
            _drops.ReportPending(Component);
            try { _consumer.OnStopped(); }
            catch (Exception ex) { _errors.Record(Component, ex); }
            FemtoMetrics.Unregister(this);
            PulseWaiters(force: true);
        }
    }

    private void Loop()
    {
        var spinner = new SpinWait();
        int spins = 0;
        while (true)
        {
            int n = DrainBatch();
            if (n > 0)
            {
                spinner.Reset();
                spins = 0;
                _activity.IdleNaps = 0;
                _activity.LastActivity = Environment.TickCount64;
                EndBatch();
                continue;
            }
            if (_ring.HasPending)
            {
                // A producer claimed a slot and is about to publish it: wait briefly rather than park.
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            CompleteFlushRequest();
            _drops.ReportPending(Component);
            if (Volatile.Read(ref _state) != StateRunning)
            {
                SafeFlush();
                return;
            }
            // Stay awake briefly before parking: a burst usually continues within microseconds, and waking a
            // parked worker costs the producer a semaphore release. Bounded (~tens of µs), then we block.
            if (spins++ < SpinsBeforePark)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            spins = 0;
            Park();
        }
    }

    private int DrainBatch()
    {
        int n = 0;
        LogRecord? head;
        while (n < MaxBatch && (head = _ring.TryPeek()) is not null)
        {
            LogRecord? record = head;
            try
            {
                if (!head.Skip) _consumer.Consume(ref record);
            }
            catch (Exception ex)
            {
                _errors.Record(Component, ex);
            }
            _ring.ReleaseHead(record, handedOn: !ReferenceEquals(record, head));
            n++;
        }
        return n;
    }

    private void EndBatch()
    {
        try { _consumer.EndBatch(); }
        catch (Exception ex) { _errors.Record(Component, ex); }
        FemtoClock.MarkActive();
        CompleteFlushRequest();
        PulseWaiters(force: false);
    }

    private void CompleteFlushRequest()
    {
        long requested = Volatile.Read(ref _flushRequested);
        if (requested <= Volatile.Read(ref _flushedThrough)) return;
        long consumed = _ring.DequeuePosition;
        if (consumed < requested) return;
        Volatile.Write(ref _lastFlushOk, SafeFlush());
        Volatile.Write(ref _flushedThrough, consumed);
        PulseWaiters(force: true);
    }

    private bool SafeFlush()
    {
        try { return _consumer.Flush(); }
        catch (Exception ex) { _errors.Record(Component, ex); return false; }
    }

    private void PulseWaiters(bool force)
    {
        // Full fence: the releases above must be visible before we look for waiters (Dekker with EnqueueSlow).
        Interlocked.MemoryBarrier();
        if (!force)
        {
            if (Volatile.Read(ref _waiters) == 0) return;
            // Hysteresis: wake blocked producers once half the queue is free, not after every batch, so they
            // come back to real room instead of stampeding for a few slots.
            if (_ring.Count > _ring.Capacity / 2 && _ring.HasPending) return;
        }
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private void Park()
    {
        bool deep = _activity.IdleNaps >= NapsBeforeSleep;
        Interlocked.Exchange(ref _parked, deep ? Sleeping : Napping);
        if (_ring.HasPending || Volatile.Read(ref _flushRequested) > Volatile.Read(ref _flushedThrough) || Volatile.Read(ref _state) != StateRunning)
        {
            Interlocked.Exchange(ref _parked, Awake);
            return;
        }
        bool idleWork = _consumer.HasIdleWork || _drops.HasUnreported;
        long idleDue = _activity.LastActivity + (long)_consumer.IdleInterval.TotalMilliseconds - Environment.TickCount64;
        int timeoutMs = !deep ? NapMs : idleWork ? (int)Math.Clamp(idleDue, 1, int.MaxValue) : Timeout.Infinite;
        bool woken = _wake.Wait(timeoutMs);
        Interlocked.Exchange(ref _parked, Awake);
        if (woken) return;
        _activity.IdleNaps++;
        if (idleWork && Environment.TickCount64 - _activity.LastActivity >= (long)_consumer.IdleInterval.TotalMilliseconds)
        {
            _activity.LastActivity = Environment.TickCount64; // once per idle interval, not on every nap
            try { _consumer.OnIdle(); }
            catch (Exception ex) { _errors.Record(Component, ex); }
        }
    }

    /// <summary>The worker's own bookkeeping, on a cache line of its own (same padding as <see cref="PaddedLong"/>).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 192)]
    private struct WorkerActivity
    {
        [System.Runtime.InteropServices.FieldOffset(64)] public long LastActivity;
        [System.Runtime.InteropServices.FieldOffset(72)] public int IdleNaps;
    }
}
