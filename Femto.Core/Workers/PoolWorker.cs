namespace Femto;

/// <summary>One thread of a <see cref="DispatchPool"/>: takes ready lanes and runs them until none is left, then
/// parks.</summary>
internal sealed class PoolWorker
{
    private const int SpinsForSameLane = 20;
    // Spinning pays only while records stream in: a lane run of this many records, or this many since the worker
    // last parked. Light traffic (a record per lane now and then) parks at once instead of burning spins per run.
    private const int StreamingRun = 32;
    private const int StreamingSincePark = 64;

    /// <summary>Iterations of <see cref="Thread.SpinWait(int)"/> between looks while spinning (~0.5 µs).</summary>
    public const int SpinIterations = 32;

    [ThreadStatic] private static PoolWorker? t_current;

    private readonly DispatchPool _pool;
    private readonly Thread _thread;
    private long _batchStartedAt; // Environment.TickCount64 while inside a lane run, else 0
    private int _sincePark; // records handled since the worker last looked for work and found none

    public PoolWorker(DispatchPool pool, string name)
    {
        _pool = pool;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>The worker running on the current thread, if any.</summary>
    public static PoolWorker? Current => t_current;

    public Parker Parker { get; } = new();

    /// <summary>The lane a dedicated pool's worker serves (known after its first run).</summary>
    public RecordLane? Lane { get; private set; }

    /// <summary>Whether the next park may be a nap (the last nap or run found work).</summary>
    public bool MayNap { get; set; }

    /// <summary>Set while the worker waits for room in a handler's queue.</summary>
    public bool InBackPressure { get; set; }

    public void Start() => _thread.UnsafeStart(); // workers must not capture the creator's ExecutionContext

    public bool Wait(int timeoutMs) => Parker.Park(timeoutMs);

    /// <summary>True when the worker has been inside one batch (not waiting on back pressure) for too long.</summary>
    public bool IsStuck(long now)
    {
        long started = Volatile.Read(ref _batchStartedAt);
        return started != 0 && !InBackPressure && now - started >= DispatchPool.StuckAfterMs;
    }

    private void Run()
    {
        t_current = this;
        FemtoWorkerThread.MarkCurrent(_pool.IsDedicated ? WorkerRole.Handler : WorkerRole.Dispatch);
        var self = Producer.Current;
        try
        {
            while (true)
            {
                var lane = _pool.TakeReady();
                if (lane is not null)
                {
                    if (_pool.IsDedicated) Lane = lane;
                    if (RunLane(lane, self) && _pool.IsDedicated) return; // the handler's lane stopped
                    MayNap = true;
                    continue;
                }
                // Spin only while records stream in: a worker back from an empty nap goes straight back to park.
                bool streaming = _sincePark >= StreamingSincePark;
                _sincePark = 0;
                if (streaming && _pool.SpinForWork()) continue;
                if (!_pool.Park(this)) return;
            }
        }
        catch (Exception ex)
        {
            FemtoDiagnostics.Report($"{_thread.Name}: worker failed: {ex}");
        }
    }

    /// <summary>Runs a lane until it is empty (or, when other lanes wait, for one batch). True when it stopped.</summary>
    private bool RunLane(RecordLane lane, Producer self)
    {
        var pending = new SpinWait();
        while (true)
        {
            Volatile.Write(ref _batchStartedAt, Environment.TickCount64 | 1);
            LaneRun result;
            int n = 0;
            try { result = lane.Run(self, out n); }
            finally { Volatile.Write(ref _batchStartedAt, 0); }
            _sincePark += n;
            switch (result)
            {
                case LaneRun.Stopped:
                    return true;
                case LaneRun.More:
                    // Nothing taken yet more claimed: a producer is between its claim and its link. Spin, then yield,
                    // so that producer (perhaps preempted on this core) gets to finish.
                    if (n == 0) pending.SpinOnce(sleep1Threshold: -1);
                    else pending.Reset();
                    if (!_pool.HasReady) continue;
                    _pool.Requeue(lane);
                    return false;
                default:
                    // Empty. A burst usually goes on within microseconds: stay with the lane briefly so its producers
                    // need not schedule it again, unless others are waiting.
                    if (n >= StreamingRun && WaitForMore(lane)) continue;
                    if (lane.TryGoIdle()) return false;
                    continue; // a record, flush or stop arrived as we let go: the lane is ours again
            }
        }
    }

    private bool WaitForMore(RecordLane lane)
    {
        for (int i = 0; i < SpinsForSameLane && !_pool.HasReady; i++)
        {
            if (lane.HasPending) return true;
            Thread.SpinWait(SpinIterations);
        }
        return lane.HasPending;
    }
}
