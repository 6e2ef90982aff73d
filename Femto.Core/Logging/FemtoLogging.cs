namespace Femto;

/// <summary>Entry point: named loggers, and flush/shutdown of everything Femto runs.
/// <c>using static Femto.FemtoLogging;</c> then <c>GetLogger("api.v1").Log("INFO", "hello")</c>.</summary>
/// <remarks>Shutdown runs by itself on process exit, on SIGTERM/SIGINT/SIGQUIT and on an unhandled exception,
/// within <see cref="ShutdownTimeout"/>, so a program that logs and returns from <c>Main</c> loses nothing accepted.</remarks>
public static class FemtoLogging
{
    private static LoggerRegistry s_registry = new();
    private static volatile bool s_shutDown;
    private static readonly object s_lifecycle = new();

    static FemtoLogging()
    {
        ShutdownHooks.Install();
        AmbientGate.WatchActivities(); // records logged inside an Activity carry its ids (see AmbientGate)
    }

    /// <summary>Whether SIGTERM, SIGINT and SIGQUIT shut Femto down (default true): a program that ends on those
    /// signals loses nothing it logged. An application host that stops gracefully on them (the Generic Host's console
    /// lifetime; the Microsoft.Extensions.Logging provider does this while a host runs) sets it to false, so what its
    /// services log while stopping is still written: a signal then only flushes, and Femto shuts down on process exit.</summary>
    public static bool ShutdownOnSignals
    {
        get => Volatile.Read(ref s_shutdownOnSignals);
        set => Volatile.Write(ref s_shutdownOnSignals, value);
    }

    private static bool s_shutdownOnSignals = true;

    /// <summary>The deadline used by automatic shutdown on exit and signals. Default: 5 s.</summary>
    public static TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most log records alive at once across every logger and handler queue (default 131,072, about
    /// 43 MB at ~330 bytes each). Records come from a shared pool; with thousands of loggers the sum of their queue
    /// capacities would allow far more behind one slow sink. While the budget is in use a call's overflow policy
    /// applies as if its queue were full: Drop drops and counts, Block waits for records to come back.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1024.</exception>
    public static int RecordBudget
    {
        get => RecordPool.Budget;
        set => RecordPool.Budget = value;
    }

    /// <summary>The root logger.</summary>
    public static FemtoLogger GetLogger() => s_registry.Root;

    /// <summary>The logger named <paramref name="name"/> (same instance for the same name from any thread), creating it
    /// and its dotted ancestors on demand. <c>"root"</c> is the root logger.</summary>
    /// <exception cref="ArgumentException">The name is empty, whitespace only, starts or ends with '.', or contains '..'.</exception>
    public static FemtoLogger GetLogger(string name) => s_registry.Get(name);

    /// <summary>Every logger created so far, the root included, ordered by name (a snapshot).</summary>
    public static IReadOnlyList<FemtoLogger> GetLoggers() =>
        [.. s_registry.All.OrderBy(l => l.Name, StringComparer.Ordinal)];

    /// <summary>Throws the <see cref="ArgumentException"/> that <see cref="GetLogger(string)"/> would throw for an
    /// invalid name, without creating anything; configuration checks every name before it changes a logger.</summary>
    /// <exception cref="ArgumentException">The name is empty, whitespace only, starts or ends with '.', or contains '..'.</exception>
    public static void ValidateLoggerName(string name) => LoggerNames.Validate(name);

    /// <summary>Runs <paramref name="changes"/> as one step: every logger setter it calls (levels, handlers, filters,
    /// propagation, <see cref="FemtoLogger.Disabled"/>) takes effect together when it returns, instead of one at a
    /// time, and no other thread can change or create a logger meanwhile. Loggers keep logging throughout; a record
    /// sees a logger either as it was before the batch or as it is after it, never without handlers in between.
    /// Batches may nest. Keep the action short and free of I/O: it holds the loggers' lock.</summary>
    /// <remarks>If <paramref name="changes"/> throws, the changes it made before throwing stay in force: validate
    /// everything first (configuration does).</remarks>
    public static void Batch(Action changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var registry = s_registry;
        lock (registry.Sync)
        {
            registry.BatchDepth++;
            try
            {
                changes();
            }
            finally
            {
                if (--registry.BatchDepth == 0) registry.RefreshAllLocked();
            }
        }
    }

    /// <summary>True after <see cref="Shutdown"/> ran (until <see cref="ResetManager"/>).</summary>
    public static bool IsShutDown => s_shutDown;

    /// <summary>Waits until every record logged before the call, on every logger, has been written and flushed
    /// by the handlers. Returns false if that did not finish within <paramref name="timeout"/>.</summary>
    public static bool Flush(TimeSpan timeout)
    {
        long deadline = Deadline.From(timeout);
        var loggers = s_registry.All.ToArray();
        bool ok = true;
        foreach (var logger in loggers) ok &= logger.WaitDrained(Deadline.Remaining(deadline));
        foreach (var handler in DistinctHandlers(loggers))
            if (handler is IFemtoFlushable f && handler is not FemtoHandler { IsClosed: true })
                ok &= f.Flush(Deadline.Remaining(deadline));
        return ok;
    }

    /// <summary>Flushes everything, stops every logger worker and closes every built-in handler attached to a logger,
    /// all within one deadline. Later records are dropped and counted. Idempotent. Writes a one-line report to
    /// <see cref="FemtoDiagnostics"/> only when something could not be flushed.</summary>
    /// <returns>True when everything accepted was written in time.</returns>
    public static bool Shutdown(TimeSpan timeout)
    {
        lock (s_lifecycle)
        {
            if (s_shutDown) return true;
            long deadline = Deadline.From(timeout);
            var loggers = s_registry.All.ToArray();
            bool ok = Flush(timeout);
            s_shutDown = true;
            foreach (var logger in loggers) ok &= logger.StopWorker(Deadline.Remaining(deadline));
            foreach (var handler in DistinctHandlers(loggers))
                if (handler is FemtoHandler h) ok &= h.Close(Deadline.Remaining(deadline));
            if (!ok)
            {
                long queued = loggers.Sum(l => (long)l.QueuedCount);
                FemtoDiagnostics.Report($"shutdown did not finish within {timeout.TotalMilliseconds:0} ms; {queued} records were still queued in loggers and may be lost.");
            }
            return ok;
        }
    }

    /// <summary>Drops every logger and forgets a previous shutdown (tests only; not safe while other threads log).
    /// Logger workers are stopped; handlers are not closed.</summary>
    public static void ResetManager()
    {
        lock (s_lifecycle)
        {
            var old = s_registry;
            s_registry = new LoggerRegistry();
            foreach (var logger in old.All) logger.StopWorker(TimeSpan.FromSeconds(5));
            s_shutDown = false;
        }
    }

    private static IEnumerable<IFemtoHandler> DistinctHandlers(IEnumerable<FemtoLogger> loggers) =>
        loggers.SelectMany(l => l.OwnHandlers).Distinct(ReferenceEqualityComparer.Instance).Cast<IFemtoHandler>();
}
