namespace Femto;

/// <summary>What a Femto thread is, and so what it may wait for. Handlers, formatters and argument <c>ToString</c>s
/// run on Femto's threads and may log; a thread waiting for room in a queue whose worker waits on that thread
/// would deadlock. So: application threads may wait on any queue (their overflow policy decides); dispatch workers,
/// which run loggers' handlers, may wait only on built-in handlers' queues (back pressure from a slow sink); handler
/// workers and the housekeeper never wait on a queue. Every wait then points from application threads towards
/// dispatch workers towards handler workers, and no cycle can form. A record that may not wait is dropped and
/// counted, like any overflow. Femto's threads also allocate records rather than wait for the housekeeper.</summary>
internal static class FemtoWorkerThread
{
    [ThreadStatic] private static WorkerRole t_role;

    public static WorkerRole Current => t_role;

    public static void MarkCurrent(WorkerRole role)
    {
        t_role = role;
        var self = Producer.Current;
        self.Cache.IsWorker = true;
        self.Depth = 1;
    }

    /// <summary>Whether the current thread may wait for room in <paramref name="lane"/>.</summary>
    public static bool MayWaitOn(RecordLane lane) => t_role switch
    {
        WorkerRole.None => true,
        WorkerRole.Dispatch => lane.IsDedicated,
        _ => false,
    };
}

/// <summary>The role of a Femto thread (<see cref="FemtoWorkerThread"/>).</summary>
internal enum WorkerRole
{
    /// <summary>An application thread.</summary>
    None,
    /// <summary>A dispatch-pool worker running loggers' handler lists.</summary>
    Dispatch,
    /// <summary>A built-in handler's dedicated worker.</summary>
    Handler,
    /// <summary>The housekeeper.</summary>
    Housekeeper,
}
