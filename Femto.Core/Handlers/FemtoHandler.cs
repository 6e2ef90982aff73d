using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>Base class of queued handlers: each owns a bounded queue and a dedicated worker thread (started with the
/// first record), so callers only enqueue.
/// Derived classes override the hooks <see cref="Write"/>, <see cref="EndBatch"/>, <see cref="FlushSink"/> and
/// <see cref="CloseSink"/>, which run on the worker only; this class owns the queue, overflow policy, error handling,
/// drop/error accounting and the flush/close lifecycle.</summary>
public abstract class FemtoHandler : IFemtoRecordHandler, IFemtoFlushable, IDisposable, IAsyncDisposable
{
    private readonly object _startLock = new();
    private volatile RecordLane? _lane;
    private readonly OverflowPolicy[] _policies;
    private int _closed;
    private IFemtoHandler? _successor;
    // The lane while a caller may hand it a record with nothing else to check but the level (started, not closed, not
    // forwarding, not pacing producers); null otherwise. Read by every call on a logger's direct path.
    private volatile RecordLane? _directLane;

    /// <summary>Creates the handler. The worker starts with the first record.</summary>
    /// <param name="name">Names the handler in thread names and reports, e.g. <c>file '/var/log/app.log'</c>.</param>
    /// <param name="settings">Queue and formatting settings (validated here).</param>
    protected FemtoHandler(string name, HandlerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings.Validate();
        Name = name;
        Formatter = settings.Formatter ?? FemtoFormatters.Default;
        MinimumLevel = settings.MinimumLevel;
        _policies = OverflowPolicies.From(settings.OverflowPolicy, settings.LevelOverflowPolicies);
    }

    /// <summary>The handler's name as used in reports.</summary>
    public string Name { get; }

    /// <summary>The settings the handler was built with.</summary>
    public HandlerSettings Settings { get; }

    /// <summary>The formatter the handler writes with.</summary>
    public IFemtoFormatter Formatter { get; }

    /// <summary>Records below this level are ignored (null: none are). May be changed at any time.</summary>
    public FemtoLevel? MinimumLevel { get; set; }

    /// <summary>The handler's clock (<see cref="HandlerSettings.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider => Settings.TimeProvider;

    /// <summary>The queue's overflow policy.</summary>
    public OverflowPolicy OverflowPolicy => Settings.OverflowPolicy;

    /// <summary>Queue capacity in records.</summary>
    public int Capacity => Settings.Capacity;

    /// <summary>Records dropped because the queue was full, the wait timed out, or the handler was closing.</summary>
    public long DroppedCount => _lane?.DroppedCount ?? 0;

    /// <summary>Failures of the sink (write, flush, format errors). Each is also reported on <see cref="FemtoDiagnostics"/>.</summary>
    public long ErrorCount => _lane?.ErrorCount ?? 0;

    /// <summary>Health: Unhealthy when closed, when the worker stopped, or after a sink failure within
    /// <see cref="HandlerHealth.Window"/>; Degraded after drops within the window; otherwise Healthy. Handlers that
    /// know more (a network handler's connection) override it.</summary>
    public virtual HandlerHealth Health
    {
        get
        {
            if (IsClosed) return new(HealthStatus.Unhealthy, "closed");
            if (_lane is not { } lane) return new(HealthStatus.Healthy, null);
            if (!lane.IsRunning) return new(HealthStatus.Unhealthy, "worker stopped");
            long since = Environment.TickCount64 - (long)HandlerHealth.Window.TotalMilliseconds;
            if (lane.Errors.LastAt >= since) return new(HealthStatus.Unhealthy, "sink failing: " + (lane.Errors.LastCause ?? "error"));
            if (lane.Drops.LastAt >= since) return new(HealthStatus.Degraded, $"dropping records ({lane.DroppedCount} in total)");
            return new(HealthStatus.Healthy, null);
        }
    }

    /// <summary>True once <see cref="Close()"/> or <see cref="Dispose()"/> has been called.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <inheritdoc/>
    public void Handle(string logger, FemtoLevel level, string message)
    {
        ArgumentNullException.ThrowIfNull(logger);
        FemtoLevels.Validate(level);
        var producer = Producer.Current;
        var staged = producer.Staging;
        staged.Begin(RecordShape.Plain, message ?? "");
        producer.Stamp(staged, logger, level, null, 0, null);
        if (staged.IsSpare)
        {
            // The record budget is in use: queue a pooled copy if the overflow policy lets us wait for one.
            try { Accept(staged); }
            finally { producer.SpareDone(staged); }
            return;
        }
        producer.Submitted(staged, AcceptOwned(staged));
    }

    /// <inheritdoc/>
    public void Handle(in FemtoRecordView record) => Accept(record.Record);

    /// <summary>Queues a copy of a record that the caller keeps.</summary>
    internal void Accept(LogRecord record)
    {
        if (IsForwardingOrClosed)
        {
            Forward(record);
            return;
        }
        if (!Admits(record.Level)) return;
        if ((_lane ?? TryStart()) is not { } lane)
        {
            Forward(record); // closed since the check above (a reconfiguration replaced it)
            return;
        }
        if (PacesProducers) Pace(lane, record.Level);
        var policy = _policies[(int)record.Level];
        var producer = Producer.Current;
        var copy = producer.TakeRecord(policy); // always a record on Femto's threads
        if (copy is null)
        {
            lane.CountDrop();
            return;
        }
        copy.CopyFrom(record);
        if (lane.Enqueue(copy, policy)) return;
        copy.Release();
        RecordPool.Return(copy);
    }

    /// <summary>Takes over a record its caller is done with (no copy). Returns true when the queue took it; otherwise
    /// (filtered out, or dropped and counted) the caller still owns it.</summary>
    internal bool AcceptOwned(LogRecord record)
    {
        var level = record.Level;
        if (IsForwardingOrClosed) return AcceptOwnedClosed(record);
        if (!Admits(level)) return false;
        if ((_lane ?? TryStart()) is not { } lane) return AcceptOwnedClosed(record); // closed since the check above
        if (PacesProducers) Pace(lane, level);
        return lane.Enqueue(record, _policies[(int)level]);
    }

    private bool AcceptOwnedClosed(LogRecord record)
    {
        if (Volatile.Read(ref _successor) is FemtoHandler next) return next.AcceptOwned(record);
        Forward(record);
        return false;
    }

    /// <summary>A logger's call offering its record straight to this handler (see <c>FemtoLogger.SubmitDirect</c>):
    /// Accepted (the queue owns it), Done (filtered out, or dropped and counted by this handler's policy), or Refused
    /// (forwarding, closed, or full and the caller may not wait: it goes through the logger's queue instead).</summary>
    internal DirectOffer OfferDirect(LogRecord record, bool mayWait)
    {
        if (IsForwardingOrClosed) return DirectOffer.Refused;
        var level = record.Level;
        if (MinimumLevel is { } min && level < min) return DirectOffer.Done;
        if ((_lane ?? TryStart()) is not { } lane) return DirectOffer.Refused; // closed since the check above
        if (PacesProducers) Pace(lane, level);
        if (!mayWait) return lane.TryEnqueue(record) ? DirectOffer.Accepted : DirectOffer.Refused;
        // Closed or replaced while we waited: through the logger's queue, whose dispatch forwards or reports it.
        return lane.EnqueueUnlessStopped(record, _policies[(int)level]) switch
        {
            EnqueueResult.Enqueued => DirectOffer.Accepted,
            EnqueueResult.Dropped => DirectOffer.Done,
            _ => DirectOffer.Refused,
        };
    }

    /// <summary>The fast case of <see cref="OfferDirect"/>, inlined into a logger's call: a started, open handler that
    /// admits the level and has room takes the record at once. False when anything else applies (the caller then
    /// goes through <see cref="OfferDirect"/>, which decides with the full checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryTakeDirect(LogRecord record) =>
        _directLane is { } lane && Admits(record.Level) && lane.TryEnqueue(record);

    /// <summary>Whether a record of <paramref name="level"/> passes the minimum level.</summary>
    private bool Admits(FemtoLevel level) => MinimumLevel is not { } min || level >= min;

    private bool IsForwardingOrClosed => Volatile.Read(ref _successor) is not null || IsClosed;

    /// <summary>A record reached the handler after <see cref="ForwardTo"/> or close: to the successor if there is
    /// one, else rejected.</summary>
    private void Forward(LogRecord record)
    {
        switch (Volatile.Read(ref _successor))
        {
            case FemtoHandler next: next.Accept(record); break;
            case IFemtoRecordHandler rich: rich.Handle(new FemtoRecordView(record)); break;
            case { } plain: plain.Handle(record.LoggerName, record.Level, record.RenderMessage()); break;
            default: throw new ObjectDisposedException(GetType().FullName);
        }
    }

    /// <summary>The handler that records reaching this one go to after <see cref="ForwardTo"/>; null otherwise.</summary>
    public IFemtoHandler? Successor => Volatile.Read(ref _successor);

    /// <summary>From now on, records that reach this handler go to <paramref name="successor"/> instead of this
    /// handler's queue, also after it is closed; what is already queued is still written by <see cref="Flush()"/>
    /// and <see cref="Close()"/>. Configuration replaces a handler this way: a record logged while a new configuration
    /// is applied carries the handler list its logger had when it was logged, and must not be lost because one of
    /// those handlers was replaced meanwhile. Once every logger that could hand this handler a record has drained
    /// (<see cref="FemtoLogging.Flush(TimeSpan)"/>), no record is being queued here any more and it can be closed.</summary>
    /// <exception cref="ArgumentException"><paramref name="successor"/> is this handler.</exception>
    /// <exception cref="InvalidOperationException">The handler already forwards.</exception>
    public void ForwardTo(IFemtoHandler successor)
    {
        ArgumentNullException.ThrowIfNull(successor);
        if (ReferenceEquals(successor, this)) throw new ArgumentException("A handler cannot forward to itself.", nameof(successor));
        if (Interlocked.CompareExchange(ref _successor, successor, null) is not null)
            throw new InvalidOperationException($"{Name} already forwards to another handler.");
        lock (_startLock) _directLane = null;
    }

    /// <summary>Waits up to the configured flush timeout (default 1 s) until everything handed to the handler has
    /// been written and flushed. Returns false on timeout, failure, or after close.</summary>
    public bool Flush() => Flush(Settings.FlushTimeout);

    /// <inheritdoc/>
    public bool Flush(TimeSpan timeout)
    {
        if (IsClosed) return false;
        return _lane?.Flush(timeout) ?? true;
    }

    /// <summary>Flushes, stops the worker and releases the sink. Idempotent. Afterwards <see cref="Handle(in FemtoRecordView)"/>
    /// throws <see cref="ObjectDisposedException"/> and <see cref="Flush()"/> returns false.</summary>
    public void Close() => Close(TimeSpan.FromSeconds(5));

    /// <summary>Like <see cref="Close()"/>, waiting at most <paramref name="timeout"/> for the worker to drain.</summary>
    /// <returns>True when everything queued was written in time.</returns>
    public bool Close(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return true;
        lock (_startLock) _directLane = null;
        try { OnClosing(timeout); }
        catch (Exception ex) { FemtoDiagnostics.Report($"{Name}: OnClosing failed: {ex.Message}"); }
        RecordLane? lane;
        lock (_startLock) lane = _lane;
        if (lane is null)
        {
            SafeCloseSink();
            return true;
        }
        return lane.Stop(timeout);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Close();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private void SafeCloseSink()
    {
        try { CloseSink(); }
        catch (Exception ex) { FemtoDiagnostics.Report($"{Name}: close failed: {ex.Message}"); }
    }

    /// <summary>The lane, created on first use; null once the handler is closed (a record racing a close is then
    /// forwarded or refused like one that saw the close, never an exception on the caller's thread).</summary>
    private RecordLane? TryStart()
    {
        lock (_startLock)
        {
            if (IsClosed) return null;
            if (_lane is { } started) return started;
            var lane = _lane = new RecordLane(Name, Settings.Capacity, new Consumer(this), DispatchPool.Dedicated("femto " + Name), Settings.TimeProvider);
            // Published after the close flag was read under the start lock: Close sets the flag, then clears this
            // under the same lock, so a closed handler never keeps a direct lane.
            if (!PacesProducers && Volatile.Read(ref _successor) is null) _directLane = lane;
            return lane;
        }
    }

    /// <summary>Completes once every record handed to the handler before the call has been written and
    /// <see cref="FlushSink"/> has run after them (whatever it returned), without blocking a thread: the asynchronous
    /// form of <see cref="Flush(TimeSpan)"/> for handlers that report the outcome their own way (an HTTP handler's
    /// flush result). False when <paramref name="timeout"/> passes first, or when the handler is closed.</summary>
    /// <param name="timeout">How long to wait (<see cref="Timeout.InfiniteTimeSpan"/> for no limit).</param>
    protected async Task<bool> WhenFlushedAsync(TimeSpan timeout)
    {
        if (IsClosed) return false;
        if (_lane is not { } lane) return true;
        long target = lane.AcceptedCount;
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new KeyValuePair<long, TaskCompletionSource<bool>>(target, done);
        lock (_asyncFlushes) _asyncFlushes.Add(waiter);
        // Raises the lane's flush target and schedules the worker without waiting; a flush that already covers the
        // target (nothing queued since) completes here, any other when the worker's flush reaches the target.
        lane.Flush(TimeSpan.Zero);
        if (lane.FlushedThrough >= target) done.TrySetResult(true);
        else if (lane.IsStopped) done.TrySetResult(false);
        try
        {
            return await done.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            lock (_asyncFlushes) _asyncFlushes.Remove(waiter);
        }
    }

    private readonly List<KeyValuePair<long, TaskCompletionSource<bool>>> _asyncFlushes = [];

    /// <summary>Worker, after <see cref="FlushSink"/>: completes the asynchronous flushes whose records are all
    /// written (or, when the lane stopped, every one still waiting).</summary>
    private void CompleteAsyncFlushes(bool stopped)
    {
        if (_lane is not { } lane) return;
        long processed = lane.ProcessedCount;
        lock (_asyncFlushes)
        {
            foreach (var (target, done) in _asyncFlushes)
                if (target <= processed || stopped) done.TrySetResult(target <= processed);
        }
    }

    /// <summary>Set in a derived constructor to have producers ask <see cref="ProducerDelay"/> before each record is
    /// queued (adaptive back pressure). Off by default: the check is one field read per record.</summary>
    protected bool PacesProducers { get; init; }

    /// <summary>Producer side, with <see cref="PacesProducers"/>: runs on the thread handing the handler a record,
    /// before the record is queued, and returns how long that thread should wait first (zero: not at all) — to slow it
    /// to a sink's measured rate, say. The handler waits on its <see cref="TimeProvider"/>, and only on threads that may
    /// wait for it — application threads and loggers' dispatch workers, whatever the logger's overflow policy, never a
    /// handler's worker or the housekeeper; a dispatch worker waiting here counts as back pressure, not as stuck. Must
    /// be thread-safe, fast, and bound the delay it returns. An exception is counted as a handler error and the record
    /// is queued without waiting.</summary>
    /// <param name="level">The record's level.</param>
    protected virtual TimeSpan ProducerDelay(FemtoLevel level) => TimeSpan.Zero;

    private void Pace(RecordLane lane, FemtoLevel level)
    {
        TimeSpan delay;
        try { delay = ProducerDelay(level); }
        catch (Exception ex)
        {
            lane.Errors.Record(ex);
            return;
        }
        if (delay <= TimeSpan.Zero || !FemtoWorkerThread.MayWaitOn(lane)) return;
        using var backPressure = DispatchPool.EnterBackPressure();
        var clock = Settings.TimeProvider;
        if (ReferenceEquals(clock, TimeProvider.System))
        {
            Thread.Sleep(delay);
            return;
        }
        // Another clock (a FakeTimeProvider in tests) ends the wait with its timer, bounded by the delay in real time.
        var done = new ManualResetEventSlim(false); // not disposed: a timer callback racing the end must find it usable
        using var timer = clock.CreateTimer(static s => ((ManualResetEventSlim)s!).Set(), done, delay, Timeout.InfiniteTimeSpan);
        done.Wait(delay);
    }

    /// <summary>Runs on the thread calling <see cref="Close(TimeSpan)"/> (or <see cref="Dispose()"/>), once, before the
    /// worker drains: a handler whose sink may block (a network request) learns how long the close may take and can
    /// bound or cancel its last attempts so the worker finishes within <paramref name="timeout"/>. Exceptions are
    /// reported and ignored.</summary>
    /// <param name="timeout">The time the caller waits for the worker to drain, flush and release the sink.</param>
    protected virtual void OnClosing(TimeSpan timeout) { }

    /// <summary>Writes one record (worker thread). Throwing counts as a handler error and skips the record.</summary>
    protected abstract void Write(in FemtoRecordView record);

    /// <summary>Called after each batch of records (worker thread).</summary>
    protected virtual void EndBatch() { }

    /// <summary>Pushes buffered output to the sink (worker thread). Return false if that failed.</summary>
    protected virtual bool FlushSink() => true;

    /// <summary>True while output is buffered that <see cref="OnIdle"/> should push out.</summary>
    protected virtual bool HasBufferedOutput => false;

    /// <summary>How long the queue must be idle before <see cref="OnIdle"/> runs, counted from the end of its last
    /// batch or idle run (worker thread; read again whenever the worker looks). Default: 1 s. Idle work due at a moment
    /// of the handler's own (a retry the backoff allows in 300 ms) returns <c><see cref="IdleTime"/> + wait</c>, so
    /// both sides count from the same stamp and a wait of zero is due at once.</summary>
    protected virtual TimeSpan IdleInterval => TimeSpan.FromSeconds(1);

    /// <summary>How long the queue has been idle: since its last batch ended or <see cref="OnIdle"/> last ran, on the
    /// handler's <see cref="TimeProvider"/> (worker thread).</summary>
    protected TimeSpan IdleTime => _lane?.IdleTime ?? TimeSpan.Zero;

    /// <summary>The queue has been idle for <see cref="IdleInterval"/> (worker thread). Default: flush.</summary>
    protected virtual void OnIdle() => FlushSink();

    /// <summary>Releases the sink (worker thread, after the last record and flush).</summary>
    protected virtual void CloseSink() { }

    /// <summary>Records written shortened to the handler's maximum record size (with a visible marker).</summary>
    public long TruncatedCount => Volatile.Read(ref _truncated)?.Count ?? 0;

    private FailureCounter? _truncated;

    /// <summary>Counts a record written shortened to the handler's maximum size; reported at most once a second.</summary>
    protected void ReportTruncated()
    {
        var counter = Volatile.Read(ref _truncated);
        if (counter is null)
        {
            Interlocked.CompareExchange(ref _truncated, new FailureCounter(Name, "records truncated to the maximum record size"), null);
            counter = _truncated!;
        }
        counter.Increment();
    }

    /// <summary>Reports a sink failure that the handler recovered from, counted in <see cref="ErrorCount"/>.</summary>
    protected void ReportError(Exception error) => _lane?.Errors.Record(error);

    /// <summary>Reports a failed write that lost <paramref name="records"/> already-accepted records: counted as one
    /// error and as that many drops, both reported.</summary>
    protected void ReportLostRecords(long records, Exception error)
    {
        if (_lane is not { } lane) return;
        lane.Drops.Add(records);
        lane.Errors.Record(error);
    }

    /// <summary>Counts records the handler dropped by its own decision, not because a write failed (a record too
    /// large for the sink, records given up on after a deadline): added to <see cref="DroppedCount"/> and reported
    /// (rate-limited), without counting an error.</summary>
    protected void ReportDroppedRecords(long records)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        if (records > 0) _lane?.Drops.Add(records);
    }

    private sealed class Consumer(FemtoHandler owner) : IRecordConsumer
    {
        public bool Consume(LogRecord record)
        {
            owner.Write(new FemtoRecordView(record));
            return false;
        }
        public void EndBatch() => owner.EndBatch();
        public bool Flush()
        {
            try { return owner.FlushSink(); }
            finally { owner.CompleteAsyncFlushes(stopped: false); }
        }
        public bool HasIdleWork => owner.HasBufferedOutput;
        public TimeSpan IdleInterval => owner.IdleInterval;
        public void OnIdle() => owner.OnIdle();
        public void OnStopped()
        {
            owner.SafeCloseSink();
            owner.CompleteAsyncFlushes(stopped: true);
        }
    }
}
