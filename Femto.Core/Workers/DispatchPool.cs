namespace Femto;

/// <summary>A small set of named worker threads that run <see cref="RecordLane"/>s from a FIFO ready list. The
/// shared pool runs every logger's lane, so threads do not grow with the number of loggers; each built-in handler
/// has a dedicated pool of one worker for its one lane.</summary>
/// <remarks>
/// <para>Fairness: a worker runs a lane for at most <see cref="RecordLane.MaxBatch"/> records and puts it back at
/// the tail when other lanes are waiting, so one busy logger cannot starve the rest; a lane is run by one worker at
/// a time, so its records keep their order.</para>
/// <para>Parking: a worker out of work spins briefly (only while records stream in), then <em>naps</em> (a 2 ms timed wait) while its naps keep
/// finding work, then sleeps until woken. Producers wake a sleeping worker when they schedule a lane, but leave a
/// napping one alone unless the lane fills past a quarter or someone waits (flush, stop, a blocked producer). So
/// steady light traffic costs a timer wake-up every 2 ms per pool instead of one wake-up per record, a quiet
/// pool costs nothing, and a burst after a quiet spell is picked up by a wake-up at once.</para>
/// <para>Slow handlers: the shared pool starts with a few workers; the <see cref="Housekeeper"/> watches it while
/// lanes wait and adds a worker (up to a cap, reported) when every worker has been inside one batch for longer
/// than <see cref="StuckAfterMs"/> — a custom handler that blocks holds one worker, not the others' records.
/// Workers waiting for room in a built-in handler's queue (back pressure) do not count as stuck: another
/// worker would wait the same way. Added workers retire after a quiet minute.</para>
/// </remarks>
internal sealed class DispatchPool
{
    public const int StuckAfterMs = 20;
    private const int NapMs = 2;
    private const int SpinsBeforePark = 20;
    private const int RetireAfterMs = 60_000;
    private const int HelpWhenWaiting = 8;

    private static DispatchPool? s_shared;

    private readonly object _sync = new();
    private readonly string _name;
    private readonly List<PoolWorker> _workers = [];
    private readonly List<PoolWorker> _sleeping = []; // a stack: the most recently parked worker is woken first
    private RecordLane? _head, _tail;
    private PoolWorker? _napper;
    private int _spinning;
    private int _napping;
    private int _nextId;
    private int _readyCount;
    private long _lastCapReport = long.MinValue;

    private DispatchPool(string name, int baseWorkers, int maxWorkers, bool dedicated)
    {
        _name = name;
        BaseWorkers = baseWorkers;
        MaxWorkers = maxWorkers;
        IsDedicated = dedicated;
    }

    /// <summary>The pool that runs every logger's lane.</summary>
    public static DispatchPool Shared
    {
        get
        {
            if (Volatile.Read(ref s_shared) is { } pool) return pool;
            int cores = Environment.ProcessorCount;
            int baseWorkers = Math.Clamp(cores, 2, 4);
            Interlocked.CompareExchange(ref s_shared, new DispatchPool("femto dispatch", baseWorkers, Math.Max(baseWorkers + 2, 2 * cores), dedicated: false), null);
            return s_shared!;
        }
    }

    /// <summary>A pool of one worker for one lane (a built-in handler); the thread starts with the first record and
    /// exits when the lane stops.</summary>
    public static DispatchPool Dedicated(string threadName) => new(threadName, 1, 1, dedicated: true);

    public bool IsDedicated { get; }
    public int BaseWorkers { get; }
    public int MaxWorkers { get; }

    /// <summary>Workers currently alive.</summary>
    public int WorkerCount
    {
        get { lock (_sync) return _workers.Count; }
    }

    /// <summary>Adds a lane to the ready list (its state is already "scheduled") and makes sure a worker will come.</summary>
    public void Enqueue(RecordLane lane, bool urgent)
    {
        PoolWorker? wake = null;
        bool start = false;
        bool saturated = false;
        lock (_sync)
        {
            lane.NextReady = null;
            lane.ReadySince = Environment.TickCount64;
            if (_tail is null) _head = lane;
            else _tail.NextReady = lane;
            _tail = lane;
            _readyCount++;
            if (_spinning > 0) { }
            else if (_napper is not null) { if (urgent) wake = TakeNapper(); }
            else if (_sleeping.Count > 0) wake = PopSleeper();
            else if (_workers.Count == 0) start = true;
            // Every worker is busy: the housekeeper adds one (below the base count at once), so no call pays for
            // starting a thread beyond the pool's first.
            else saturated = !IsDedicated;
        }
        if (start) StartWorker();
        wake?.Parker.Unpark();
        if (saturated) Housekeeper.Watch();
    }

    /// <summary>A scheduled lane is filling up, or someone waits: wake the napping worker rather than let it come by
    /// within its nap (with <paramref name="urgent"/>, also a sleeping one when none naps).</summary>
    public void Nudge(bool urgent = false)
    {
        if (Volatile.Read(ref _napping) == 0 && !urgent) return;
        PoolWorker? wake;
        lock (_sync)
        {
            if (_head is null && !urgent) return;
            wake = _napper is not null ? TakeNapper() : urgent && _spinning == 0 && _sleeping.Count > 0 ? PopSleeper() : null;
        }
        wake?.Parker.Unpark();
    }

    private PoolWorker PopSleeper()
    {
        var w = _sleeping[^1];
        _sleeping.RemoveAt(_sleeping.Count - 1);
        return w;
    }

    private PoolWorker TakeNapper()
    {
        var w = _napper!;
        _napper = null;
        Volatile.Write(ref _napping, 0);
        return w;
    }

    private void StartWorker()
    {
        PoolWorker worker;
        lock (_sync)
        {
            if (_workers.Count >= MaxWorkers) return;
            int id = ++_nextId;
            worker = new PoolWorker(this, IsDedicated ? _name : $"{_name} {id}");
            _workers.Add(worker);
        }
        worker.Start();
    }

    // ---- workers ----

    /// <summary>Takes the lane at the head of the ready list, and asks a sleeping worker to help if more wait.</summary>
    internal RecordLane? TakeReady()
    {
        PoolWorker? helper = null;
        RecordLane? lane;
        bool othersWait;
        lock (_sync)
        {
            lane = _head;
            if (lane is null) return null;
            _head = lane.NextReady;
            if (_head is null) _tail = null;
            lane.NextReady = null;
            _readyCount--;
            // A backlog (not the few lanes a napping worker finds after a millisecond of light traffic) calls for help.
            if (_readyCount >= HelpWhenWaiting && _spinning == 0 && _napper is null && _sleeping.Count > 0) helper = PopSleeper();
            othersWait = _head is not null && !IsDedicated;
        }
        helper?.Parker.Unpark();
        // Lanes left waiting behind this one: should this worker now hang in a handler, the housekeeper must add one.
        // (Enqueue arms the watch only when it finds every worker busy; a lane queued while this worker was spinning
        // for work, then taken behind a lane that hangs, waited until some other lane was queued.)
        if (othersWait) Housekeeper.Watch();
        return lane;
    }

    /// <summary>Puts a lane that still has records back at the tail.</summary>
    internal void Requeue(RecordLane lane) => Enqueue(lane, urgent: false);

    internal bool HasReady => Volatile.Read(ref _head) is not null;

    /// <summary>Spins briefly (~10 µs, no yields) looking for work before a worker that just ran a lane parks: a
    /// burst usually goes on, and a parked worker costs its producer a wake-up. True when work showed up.</summary>
    internal bool SpinForWork()
    {
        Interlocked.Increment(ref _spinning);
        try
        {
            for (int i = 0; i < SpinsBeforePark; i++)
            {
                if (HasReady) return true;
                Thread.SpinWait(PoolWorker.SpinIterations);
            }
            return HasReady;
        }
        finally
        {
            Interlocked.Decrement(ref _spinning);
        }
    }

    /// <summary>Parks an idle worker: a nap when its last nap or run found work and no one else naps, else a sleep
    /// (until an idle lane's idle work is due, in a dedicated pool). Returns false when the worker should exit.</summary>
    internal bool Park(PoolWorker worker)
    {
        int timeoutMs;
        bool napping = false;
        TimeSpan? idleDue = null;
        lock (_sync)
        {
            if (_head is not null) return true;
            if (IsDedicated && worker.Lane is { IsStopped: true }) { _workers.Remove(worker); return false; }
            if (worker.MayNap && _napper is null)
            {
                _napper = worker;
                Volatile.Write(ref _napping, 1);
                timeoutMs = NapMs;
                napping = true;
            }
            else
            {
                _sleeping.Add(worker);
                timeoutMs = _workers.Count > BaseWorkers ? RetireAfterMs : Timeout.Infinite;
                if (IsDedicated && worker.Lane?.IdleWorkDueIn() is { } due)
                {
                    timeoutMs = (int)Math.Clamp(Math.Ceiling(due.TotalMilliseconds), 0, int.MaxValue);
                    idleDue = due;
                }
            }
        }
        // A handler on a clock other than the system's (a FakeTimeProvider in tests) is woken by that clock's timer
        // when its idle work falls due, not only by the wait's real-time bound: moving the fake clock runs it at once.
        using var alarm = idleDue is { } d && worker.Lane is { } idleLane && !ReferenceEquals(idleLane.TimeProvider, TimeProvider.System)
            ? idleLane.TimeProvider.CreateTimer(static w => ((PoolWorker)w!).Parker.Unpark(), worker, d, Timeout.InfiniteTimeSpan)
            : null;
        // The clock may have moved between reading the due time and arming the timer: then the work is due now.
        if (alarm is not null && worker.Lane?.IdleWorkDueIn() is { } left && left <= TimeSpan.Zero) timeoutMs = 0;
        bool woken = worker.Wait(timeoutMs);
        lock (_sync)
        {
            if (ReferenceEquals(_napper, worker)) TakeNapper();
            else if (_sleeping.Remove(worker))
            {
                // Timed out asleep (or woken by a stray signal): no longer parked.
                if (!woken && !IsDedicated && _workers.Count > BaseWorkers && timeoutMs == RetireAfterMs && _head is null)
                {
                    _workers.Remove(worker);
                    return false;
                }
            }
            if (napping) worker.MayNap = _head is not null;
        }
        if (IsDedicated) worker.Lane?.RunIdleWorkIfDue();
        return true;
    }

    /// <summary>Housekeeper: while lanes wait and every worker is stuck in a slow handler, adds a worker (up to
    /// <see cref="MaxWorkers"/>; reaching the cap is reported). Returns true while the pool still needs watching.</summary>
    internal bool Watch()
    {
        bool add = false;
        string? report = null;
        lock (_sync)
        {
            if (_head is null) return false;
            if (_spinning > 0 || _napper is not null || _sleeping.Count > 0) return true;
            if (_workers.Count < BaseWorkers) add = true;
            long now = Environment.TickCount64;
            int stuck = 0;
            foreach (var w in _workers)
                if (w.IsStuck(now)) stuck++;
            if (add || stuck < _workers.Count || now - _head.ReadySince < StuckAfterMs) { }
            else if (_workers.Count < MaxWorkers) add = true;
            else if (now - _lastCapReport >= 10_000)
            {
                _lastCapReport = now;
                report = $"{_name}: all {_workers.Count} dispatch workers are busy in slow handlers; other loggers' records wait (oldest {now - _head.ReadySince} ms).";
            }
        }
        if (add) StartWorker();
        if (report is not null) FemtoDiagnostics.Report(report);
        return true;
    }

    /// <summary>Housekeeper: watches the shared pool, if it exists.</summary>
    internal static bool WatchAll() => Volatile.Read(ref s_shared)?.Watch() ?? false;

    /// <summary>Marks the current worker as waiting for room in a handler's queue (not stuck) until disposed.</summary>
    internal static BackPressureScope EnterBackPressure() => new(PoolWorker.Current);

    internal readonly struct BackPressureScope : IDisposable
    {
        private readonly PoolWorker? _worker;

        public BackPressureScope(PoolWorker? worker)
        {
            _worker = worker;
            if (worker is not null) worker.InBackPressure = true;
        }

        public void Dispose()
        {
            if (_worker is not null) _worker.InBackPressure = false;
        }
    }
}
