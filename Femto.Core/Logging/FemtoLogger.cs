using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>A named logger. Obtain one with <see cref="FemtoLogging.GetLogger(string)"/>; the same name always
/// gives the same instance. Each logger owns a bounded queue and a worker thread (started with its first record)
/// that fans records out to its handlers and, while <see cref="Propagate"/> is set, to its ancestors' handlers.
/// Logging calls only enqueue; see <see cref="OverflowPolicy"/> for what happens when the queue is full.</summary>
public sealed partial class FemtoLogger
{
    /// <summary>Default queue capacity: 1024 records.</summary>
    public const int DefaultQueueCapacity = 1024;

    private const int AllLevels = (1 << FemtoLevels.Count) - 1;

    private readonly LoggerRegistry _registry;
    private readonly object _startLock = new();
    private readonly FailureCounter _handlerErrors = new("handler errors");
    private readonly FailureCounter _refusedDrops = new("records dropped after shutdown");
    private FemtoLevel? _level;
    private bool _propagate = true;
    private IFemtoHandler[] _handlers = [];
    private IFemtoFilter[] _filters = [];
    private IFemtoFilter[] _recordFilters = []; // the filters that are not IFemtoLevelFilter: run per record on the worker
    private int _filterMask = AllLevels;        // the IFemtoLevelFilter answers, one bit per level
    private bool _disabled;
    private OverflowPolicy[] _policies = OverflowPolicies.Uniform(OverflowPolicy.Drop);
    private int _capacity = DefaultQueueCapacity;

    // Cached from the settings above and the ancestors' by LoggerRegistry.RefreshAllLocked; read on the hot path.
    private int _enabledMask;
    private HandlerEntry[] _dispatch = [];
    private volatile RecordPump? _pump;

    internal FemtoLogger(string name, FemtoLogger? parent, LoggerRegistry registry)
    {
        Name = name;
        Parent = parent;
        _registry = registry;
        Component = $"logger '{name}'";
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
        var copy = (OverflowPolicy[])_policies.Clone();
        copy[(int)level] = policy;
        _policies = copy;
    }

    /// <summary>The overflow policy for records of <paramref name="level"/>.</summary>
    public OverflowPolicy GetOverflowPolicy(FemtoLevel level) => _policies[(int)FemtoLevels.Validate(level)];

    /// <summary>Queue capacity in records (default 1024). Can only be changed before the logger's first record.</summary>
    public int QueueCapacity
    {
        get => _capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(QueueCapacity));
            lock (_startLock)
            {
                if (_pump is not null && value != _capacity)
                    throw new InvalidOperationException($"The queue of logger '{Name}' is already running; set QueueCapacity before its first record.");
                _capacity = value;
            }
        }
    }

    /// <summary>Records dropped by this logger: its queue was full (Drop, or Timeout expired), or it was shut down.</summary>
    public long DroppedCount => (_pump?.DroppedCount ?? 0) + _refusedDrops.Count;

    /// <summary>Same as <see cref="DroppedCount"/> (the seed's name).</summary>
    public long GetDropped() => DroppedCount;

    /// <summary>Exceptions thrown by handlers while this logger's worker ran them.</summary>
    public long HandlerErrorCount => _handlerErrors.Count;

    /// <summary>Records waiting in this logger's queue.</summary>
    public int QueuedCount => _pump?.QueuedCount ?? 0;

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

    /// <summary>Waits until every record logged here before the call has reached its handlers and those handlers
    /// have flushed. Returns false on timeout.</summary>
    public bool Flush(TimeSpan timeout)
    {
        long deadline = Deadline.From(timeout);
        bool ok = _pump?.WaitDrained(Deadline.Remaining(deadline)) ?? true;
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
        Volatile.Write(ref _dispatch, HandlerEntry.ListFor(handlers));
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

    /// <summary>Stamps the filled staging record and swaps it into the queue; the record handed back by the swap
    /// becomes the thread's next staging record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Submit(Producer producer, LogRecord staged, FemtoLevel level, string file, int line, string member)
    {
        producer.Stamp(staged, Name, level, file, line, member);
        Producer.StoreIfChanged(ref staged.Dispatch, _dispatch);
        var pump = _pump ?? Start();
        if (pump is null)
        {
            _refusedDrops.Increment();
            producer.Staging = staged;
            return;
        }
        LogRecord? swapped = staged;
        // On success the swap hands back the slot's previous record; on a drop we keep ours.
        pump.EnqueueSwap(ref swapped, _policies[(int)level]);
        producer.Staging = swapped ?? new LogRecord();
    }

    /// <summary>Submits a record an interpolated-string handler rented (see <see cref="Producer.Rent"/>).</summary>
    internal void SubmitRented(LogRecord rented, FemtoLevel level, Exception? exception, string file, int line, string member)
    {
        rented.Exception = exception;
        Submit(Producer.Current, rented, level, file, line, member);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RecordPump? Start()
    {
        lock (_startLock)
        {
            if (_pump is not null) return _pump;
            if (FemtoLogging.IsShutDown) return null;
            return _pump = new RecordPump(Component, _capacity, new Dispatcher(this));
        }
    }

    /// <summary>Stops the worker after draining (shutdown).</summary>
    internal bool StopWorker(TimeSpan timeout)
    {
        RecordPump? pump;
        lock (_startLock) pump = _pump;
        return pump?.Stop(timeout) ?? true;
    }

    internal bool WaitDrained(TimeSpan timeout) => _pump?.WaitDrained(timeout) ?? true;

    internal IEnumerable<IFemtoHandler> OwnHandlers => Volatile.Read(ref _handlers);

    /// <summary>The logger's worker: runs each record's handlers, isolating their failures.</summary>
    private sealed class Dispatcher(FemtoLogger owner) : IRecordConsumer
    {
        public void Consume(ref LogRecord? record)
        {
            var handlers = record!.Dispatch;
            if (handlers is null) return;
            var filters = Volatile.Read(ref owner._recordFilters);
            if (filters.Length != 0 && !Passes(filters, record)) return;
            // The handler marked TakesRecord gets the record itself (no copy); it is served last because the hand-over
            // replaces `record` with the record that handler's queue gives back.
            int handOver = -1;
            for (int i = 0; i < handlers.Length; i++)
            {
                if (handlers[i].TakesRecord) handOver = i;
                else Run(in handlers[i], record);
            }
            if (handOver >= 0)
            {
                try { handlers[handOver].Queued!.AcceptHandOver(ref record); }
                catch (Exception ex) { Failed(in handlers[handOver], ex); }
            }
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
                    owner._handlerErrors.Record(owner.Component + " filter " + filter.GetType().Name, ex);
                    return false;
                }
            }
            return true;
        }

        private void Failed(in HandlerEntry entry, Exception ex) =>
            owner._handlerErrors.Record(owner.Component + " handler " + entry.Handler.GetType().Name, ex);

        public void EndBatch() { }
        public bool Flush() => true;
        public bool HasIdleWork => owner._handlerErrors.HasUnreported;
        public TimeSpan IdleInterval => TimeSpan.FromSeconds(1);
        public void OnIdle() => owner._handlerErrors.ReportPending(owner.Component + " handler");
        public void OnStopped() { }
    }
}
