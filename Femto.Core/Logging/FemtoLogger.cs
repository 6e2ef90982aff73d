using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>A named logger. Obtain one with <see cref="FemtoLogging.GetLogger(string)"/>; the same name always
/// gives the same instance. Each logger owns a bounded queue, drained as if by a worker of its own by Femto's
/// shared dispatch threads, which fan its records out, one at a time and in order, to its handlers and, while
/// <see cref="Propagate"/> is set, to its ancestors' handlers. Logging calls only enqueue; see
/// <see cref="OverflowPolicy"/> for what happens when the queue is full. A logger that is not logging holds no
/// records and no thread.</summary>
public sealed partial class FemtoLogger
{
    /// <summary>Default queue capacity: 1024 records.</summary>
    public const int DefaultQueueCapacity = 1024;

    private const int AllLevels = (1 << FemtoLevels.Count) - 1;

    private readonly LoggerRegistry _registry;
    private readonly FailureCounter _handlerErrors;
    private readonly RecordLane _lane;
    private FemtoLevel? _level;
    private bool _propagate = true;
    private IFemtoHandler[] _handlers = [];
    private IFemtoFilter[] _filters = [];
    private IFemtoFilter[] _recordFilters = []; // the filters that are not IFemtoLevelFilter: run per record on the worker
    private int _filterMask = AllLevels;        // the IFemtoLevelFilter answers, one bit per level
    private bool _disabled;
    private OverflowPolicy[] _policies = OverflowPolicies.Uniform(OverflowPolicy.Drop);

    // Cached from the settings above and the ancestors' by LoggerRegistry.RefreshAllLocked; read on the hot path.
    private int _enabledMask;
    private HandlerEntry[] _dispatch = [];
    // The one built-in handler records go to, when that is all the dispatch list holds (the usual root handler) and no
    // per-record filter must run:
    // while this logger's queue is idle and empty, a call hands its record straight to that handler's queue.
    private FemtoHandler? _direct;

    internal FemtoLogger(string name, FemtoLogger? parent, LoggerRegistry registry)
    {
        Name = name;
        Parent = parent;
        _registry = registry;
        Component = $"logger '{name}'";
        _handlerErrors = new FailureCounter(Component, "handler errors");
        // The lane exists from the start (a few hundred bytes, no records, no thread), so no logging call allocates.
        _lane = new RecordLane(Component, DefaultQueueCapacity, new Dispatcher(this), DispatchPool.Shared);
        if (FemtoLogging.IsShutDown) _lane.StopUnstarted(); // created after shutdown: records are dropped, counted
        if (parent is null) _level = FemtoLevel.Info; // the root's default
    }

    /// <summary>The logger's dotted name; the root logger is <c>root</c>.</summary>
    public string Name { get; }

    /// <summary>The parent logger (<c>api</c> for <c>api.v1</c>); null for the root.</summary>
    public FemtoLogger? Parent { get; }

    internal string Component { get; }

    /// <summary>The logger's own level, or null to inherit the nearest ancestor's. The root's defaults to Info.</summary>
    public FemtoLevel? Level
    {
        get => _level;
        set
        {
            if (value is { } v) FemtoLevels.Validate(v, nameof(value));
            Change(() => _level = value);
        }
    }

    /// <summary>Sets the level from its text name; null or empty to inherit.</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public void SetLevel(string? level) => Level = string.IsNullOrWhiteSpace(level) ? null : FemtoLevels.Parse(level);

    /// <summary>The level in force: this logger's, else the nearest ancestor's, else Info.</summary>
    public FemtoLevel EffectiveLevel
    {
        get
        {
            for (var l = this; l is not null; l = l.Parent)
                if (l._level is { } level) return level;
            return FemtoLevel.Info;
        }
    }

    /// <summary>Whether records also go to the ancestors' handlers. Default: true.</summary>
    public bool Propagate
    {
        get => _propagate;
        set => Change(() => _propagate = value);
    }

    /// <summary>The handlers attached to this logger (a snapshot).</summary>
    public IReadOnlyList<IFemtoHandler> Handlers => Volatile.Read(ref _handlers);

    /// <summary>The filters attached to this logger, in the order they run (a snapshot).</summary>
    public IReadOnlyList<IFemtoFilter> Filters => Volatile.Read(ref _filters);

    /// <summary>A disabled logger emits nothing: <see cref="IsEnabled(FemtoLevel)"/> is false for every level,
    /// <c>Log</c> returns null, and its records reach no handler, not even its ancestors'. Records logged on its
    /// descendants are not affected. Configuration disables the existing loggers it does not name (Python's
    /// <c>disable_existing_loggers</c>) and enables the ones it names. Default: false.</summary>
    public bool Disabled
    {
        get => _disabled;
        set => Change(() => _disabled = value);
    }

    /// <summary>What a logging call does when this logger's queue is full. Default: <see cref="OverflowPolicy.Drop"/>.
    /// Setting it applies to every level; reading it gives the Info level's policy. See
    /// <see cref="SetOverflowPolicy(FemtoLevel, OverflowPolicy)"/> for a policy per level.</summary>
    public OverflowPolicy OverflowPolicy
    {
        get => _policies[(int)FemtoLevel.Info];
        set => _policies = OverflowPolicies.Uniform(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Sets the overflow policy for records of one level, e.g. errors block while debug records drop.</summary>
    public void SetOverflowPolicy(FemtoLevel level, OverflowPolicy policy)
    {
        FemtoLevels.Validate(level);
        ArgumentNullException.ThrowIfNull(policy);
        // Copy on write, retried when another thread changed the array meanwhile, so no concurrent update is lost.
        while (true)
        {
            var current = Volatile.Read(ref _policies);
            var copy = (OverflowPolicy[])current.Clone();
            copy[(int)level] = policy;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _policies, copy, current), current)) return;
        }
    }

    /// <summary>The overflow policy for records of <paramref name="level"/>.</summary>
    public OverflowPolicy GetOverflowPolicy(FemtoLevel level) => _policies[(int)FemtoLevels.Validate(level)];

    /// <summary>Queue capacity in records (default 1024). May be changed at any time: the queue holds no storage of
    /// its own (records come from a shared pool), so a new capacity applies to the next record; lowering it below
    /// what is queued only refuses records until the queue has drained below it.</summary>
    public int QueueCapacity
    {
        get => _lane.Capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(QueueCapacity));
            _lane.Capacity = value;
        }
    }

    /// <summary>Records dropped by this logger: its queue was full (Drop, or Timeout expired), the record budget was
    /// in use, or it was shut down.</summary>
    public long DroppedCount => _lane.DroppedCount + (Volatile.Read(ref _feedbackDrops)?.Count ?? 0);

    /// <summary>Same as <see cref="DroppedCount"/> (the seed's name).</summary>
    public long GetDropped() => DroppedCount;

    /// <summary>Exceptions thrown by handlers while this logger's worker ran them.</summary>
    public long HandlerErrorCount => _handlerErrors.Count;

    /// <summary>Records waiting in this logger's queue.</summary>
    public int QueuedCount => _lane.QueuedCount;

    /// <summary>True when a record of <paramref name="level"/> would be logged. A field read and a shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsEnabled(FemtoLevel level) => ((_enabledMask >> (int)level) & 1) != 0;

    /// <summary>True when a record of the named level would be logged.</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public bool IsEnabled(string level) => IsEnabled(FemtoLevels.Parse(level));

    /// <summary>Attaches a handler. Records enqueued from now on reach it.</summary>
    public void AddHandler(IFemtoHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Change(() => _handlers = [.. _handlers, handler]);
    }

    /// <summary>Detaches a handler. Records already queued keep the handler list they were enqueued with.</summary>
    /// <returns>True if the handler was attached.</returns>
    public bool RemoveHandler(IFemtoHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        bool removed = false;
        Change(() =>
        {
            int i = Array.IndexOf(_handlers, handler);
            if (i < 0) return;
            _handlers = [.. _handlers[..i], .. _handlers[(i + 1)..]];
            removed = true;
        });
        return removed;
    }

    /// <summary>Detaches every handler.</summary>
    public void ClearHandlers() => Change(() => _handlers = []);

    /// <summary>Adds a filter after the existing ones. Records logged from now on must pass it.</summary>
    /// <exception cref="Exception">Whatever an <see cref="IFemtoLevelFilter"/> throws when asked about a level; the
    /// filter is then not added.</exception>
    public void AddFilter(IFemtoFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_registry.Sync) SetFilters([.. _filters, filter]);
    }

    /// <summary>Removes a filter.</summary>
    /// <returns>True if the filter was attached.</returns>
    public bool RemoveFilter(IFemtoFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_registry.Sync)
        {
            int i = Array.IndexOf(_filters, filter);
            if (i < 0) return false;
            SetFilters([.. _filters[..i], .. _filters[(i + 1)..]]);
            return true;
        }
    }

    /// <summary>Removes every filter.</summary>
    public void ClearFilters() => SetFilters([]);

    private void SetFilters(IFemtoFilter[] filters)
    {
        // Ask the level filters before anything changes, so one that throws leaves the logger as it was.
        int mask = AllLevels;
        foreach (var f in filters)
        {
            if (f is not IFemtoLevelFilter levelFilter) continue;
            for (int l = 0; l < FemtoLevels.Count; l++)
                if (!levelFilter.Allows(Name, (FemtoLevel)l)) mask &= ~(1 << l);
        }
        IFemtoFilter[] perRecord = [.. filters.Where(f => f is not IFemtoLevelFilter)];
        Change(() =>
        {
            _filters = filters;
            _recordFilters = perRecord;
            _filterMask = mask;
        });
    }

    /// <summary>Logs <paramref name="message"/> at the named level and returns the default line
    /// <c>"{logger} [{LEVEL}] {message}"</c>, or null when the level is filtered out.</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public string? Log(string level, string message, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        => Log(FemtoLevels.Parse(level), message, file: file, line: line, member: member);

    /// <summary>Logs <paramref name="message"/> and returns the default line <c>"{logger} [{LEVEL}] {message}"</c>,
    /// or null when the level is filtered out. Only this method builds that string; the level methods
    /// (<c>Info</c>, <c>Warn</c>, …) do not.</summary>
    public string? Log(FemtoLevel level, string message, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
    {
        FemtoLevels.Validate(level);
        ArgumentNullException.ThrowIfNull(message);
        if (!IsEnabled(level)) return null;
        WritePlain(level, null, message, file, line, member);
        return $"{Name} [{level.ToName()}] {message}";
    }

    /// <summary>Logs a record whose message and named values <paramref name="content"/> writes later, on a Femto
    /// worker (see <see cref="IFemtoDeferredContent"/>): the call captures nothing else, so it allocates nothing
    /// and renders nothing on the caller's thread. Femto owns <paramref name="content"/> from this call on and
    /// releases it exactly once, at once when <paramref name="level"/> is disabled. Records logged this way carry no
    /// caller information.</summary>
    public void LogDeferred(FemtoLevel level, IFemtoDeferredContent content, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!IsEnabled(level))
        {
            content.Release();
            return;
        }
        var producer = Producer.Current;
        var r = producer.Staging;
        r.Begin(RecordShape.Plain, null);
        r.Deferred = content;
        r.Exception = exception;
        Submit(producer, r, level, null, 0, null);
    }

    /// <summary>Waits until every record logged here before the call has reached its handlers and those handlers
    /// have flushed. Returns false on timeout.</summary>
    public bool Flush(TimeSpan timeout)
    {
        long deadline = Deadline.From(timeout);
        bool ok = _lane.WaitDrained(Deadline.Remaining(deadline));
        foreach (var entry in Volatile.Read(ref _dispatch))
            if (entry.Handler is IFemtoFlushable f && entry.Handler is not FemtoHandler { IsClosed: true })
                ok &= f.Flush(Deadline.Remaining(deadline));
        return ok;
    }

    /// <inheritdoc/>
    public override string ToString() => $"FemtoLogger({Name})";

    // ---- configuration plumbing ----

    /// <summary>Applies a change under the registry lock and recomputes cached state of every logger, or, inside
    /// <see cref="FemtoLogging.Batch"/>, leaves that to the end of the batch.</summary>
    private void Change(Action change)
    {
        lock (_registry.Sync)
        {
            change();
            if (_registry.BatchDepth == 0) _registry.RefreshAllLocked();
        }
    }

    internal void Refresh()
    {
        int min = (int)EffectiveLevel;
        int mask = _disabled ? 0 : (AllLevels & ~((1 << min) - 1)) & _filterMask;
        Volatile.Write(ref _enabledMask, mask);
        var handlers = new List<IFemtoHandler>();
        for (var l = this; l is not null; l = l._propagate ? l.Parent : null)
            handlers.AddRange(l._handlers);
        var dispatch = HandlerEntry.ListFor(handlers);
        // Straight to the only handler only when no per-record filter has to run on the dispatch first.
        Volatile.Write(ref _direct, dispatch is [{ Queued: { } only }] && _recordFilters.Length == 0 ? only : null);
        Volatile.Write(ref _dispatch, dispatch);
    }

    // ---- the write path ----

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WritePlain(FemtoLevel level, Exception? exception, string message, string file, int line, string member)
    {
        var producer = Producer.Current;
        var r = producer.Staging;
        r.Begin(RecordShape.Plain, message);
        r.Exception = exception;
        Submit(producer, r, level, file, line, member);
    }

    /// <summary>Stamps the filled record and enqueues it; the thread then takes a fresh record from its magazine
    /// (on a drop it keeps this one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Submit(Producer producer, LogRecord staged, FemtoLevel level, string? file, int line, string? member)
    {
        // Context key-values and trace ids, added on the caller's thread; one static read while none is in force.
        if (AmbientGate.IsOpen) Ambient.AddTo(staged);
        producer.Stamp(staged, Name, level, file, line, member);
        Producer.StoreIfChanged(ref staged.Dispatch, _dispatch);
        var lane = _lane;
        var policy = _policies[(int)level];
        if (staged.Depth > Producer.MaxDepth)
        {
            FeedbackDropped(producer, staged);
            return;
        }
        if (staged.IsSpare)
        {
            SubmitSpare(producer, staged, lane, policy);
            return;
        }
        if (_direct is { } direct && lane.IsIdleAndEmpty)
        {
            if (direct.TryTakeDirect(staged))
            {
                producer.Submitted(staged, enqueued: true);
                return;
            }
            if (SubmitDirect(producer, staged, direct, policy)) return;
        }
        producer.Submitted(staged, lane.Enqueue(staged, policy));
    }

    /// <summary>Hands a record straight to the logger's only handler, skipping the logger's queue and a dispatch
    /// thread. Only while that queue is idle and empty, so every earlier record of this logger is already in the
    /// handler's queue and each producer's order holds. The logger's policy decides whether the call may wait for
    /// the handler's queue (Block) or, finding it full, falls back to the logger's queue. Returns false for the
    /// fall-back.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SubmitDirect(Producer producer, LogRecord record, FemtoHandler handler, OverflowPolicy policy)
    {
        switch (handler.OfferDirect(record, mayWait: policy.Kind == OverflowKind.Block))
        {
            case DirectOffer.Accepted:
                producer.Submitted(record, enqueued: true);
                return true;
            case DirectOffer.Done:
                producer.Submitted(record, enqueued: false); // filtered out, or dropped and counted by the handler
                return true;
            default:
                return false;
        }
    }

    /// <summary>A handler logged while handling a record a handler logged: a feedback loop, stopped here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FeedbackDropped(Producer producer, LogRecord record)
    {
        // Counted in DroppedCount and reported with its cause; it never entered the queue.
        var counter = Volatile.Read(ref _feedbackDrops);
        if (counter is null)
        {
            Interlocked.CompareExchange(ref _feedbackDrops, new FailureCounter(Component, "records dropped: logged by a handler while handling a record a handler logged (feedback loop)"), null);
            counter = _feedbackDrops!;
        }
        counter.Increment();
        producer.Dropped(record);
    }

    private FailureCounter? _feedbackDrops;

    /// <summary>The call filled its thread's spare because the record budget is in use: the overflow policy decides
    /// whether to wait for a pooled record (then the spare is copied into it) or to drop and count.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubmitSpare(Producer producer, LogRecord spare, RecordLane lane, OverflowPolicy policy)
    {
        var record = producer.TakeRecord(policy);
        if (record is null)
        {
            producer.SpareDone(spare);
            lane.CountDrop();
            return;
        }
        record.CopyFrom(spare);
        record.Dispatch = spare.Dispatch;
        producer.SpareDone(spare);
        if (lane.Enqueue(record, policy)) return;
        record.Release();
        RecordPool.Return(record);
    }

    /// <summary>Submits a record an interpolated-string handler rented (see <see cref="Producer.Rent"/>).</summary>
    internal void SubmitRented(LogRecord rented, FemtoLevel level, Exception? exception, string file, int line, string member)
    {
        rented.Exception = exception;
        Submit(Producer.Current, rented, level, file, line, member);
    }

    /// <summary>Stops the queue after draining (shutdown).</summary>
    internal bool StopWorker(TimeSpan timeout) => _lane.Stop(timeout);

    internal bool WaitDrained(TimeSpan timeout) => _lane.WaitDrained(timeout);

    internal IEnumerable<IFemtoHandler> OwnHandlers => Volatile.Read(ref _handlers);

    /// <summary>The logger's dispatch: runs each record's handlers, isolating their failures.</summary>
    private sealed class Dispatcher(FemtoLogger owner) : IRecordConsumer
    {
        public bool Consume(LogRecord record)
        {
            var handlers = record.Dispatch;
            if (handlers is null) return false;
            var filters = Volatile.Read(ref owner._recordFilters);
            if (filters.Length != 0 && !Passes(filters, record)) return false;
            // The handler marked TakesRecord gets the record itself (no copy); it is served last because after the
            // hand-over the record belongs to that handler's queue.
            int handOver = -1;
            for (int i = 0; i < handlers.Length; i++)
            {
                if (handlers[i].TakesRecord) handOver = i;
                else Run(in handlers[i], record);
            }
            if (handOver < 0) return false;
            try { return handlers[handOver].Queued!.AcceptOwned(record); }
            catch (Exception ex) { Failed(in handlers[handOver], ex); return false; }
        }

        private void Run(in HandlerEntry entry, LogRecord record)
        {
            try
            {
                if (entry.Queued is { } queued) queued.Accept(record);
                else if (entry.RecordHandler is { } rich) rich.Handle(new FemtoRecordView(record));
                else entry.Handler.Handle(record.LoggerName, record.Level, record.RenderMessage());
            }
            catch (Exception ex)
            {
                Failed(in entry, ex);
            }
        }

        private bool Passes(IFemtoFilter[] filters, LogRecord record)
        {
            foreach (var filter in filters)
            {
                try
                {
                    if (!filter.Allows(new FemtoRecordView(record))) return false;
                }
                catch (Exception ex)
                {
                    owner._handlerErrors.Record(ex, "filter " + filter.GetType().Name);
                    return false;
                }
            }
            return true;
        }

        private void Failed(in HandlerEntry entry, Exception ex) =>
            owner._handlerErrors.Record(ex, "handler " + entry.Handler.GetType().Name);

        public void EndBatch() { }
        public bool Flush() => true;
        public bool HasIdleWork => false; // failures are reported by the housekeeper
        public TimeSpan IdleInterval => TimeSpan.FromSeconds(1);
        public void OnIdle() { }
        public void OnStopped() { }
    }
}
