using System.Collections.Concurrent;

namespace Femto;

/// <summary>The loggers by name. Lookups are lock-free; creation and any change that affects effective levels or
/// dispatch lists happen under one lock and recompute every logger's cached state, so the hot path reads plain fields.</summary>
internal sealed class LoggerRegistry
{
    private readonly ConcurrentDictionary<string, FemtoLogger> _loggers = new(StringComparer.Ordinal);
    public readonly object Sync = new();

    /// <summary>Depth of <see cref="FemtoLogging.Batch"/> calls in progress (read and written holding <see cref="Sync"/>).</summary>
    public int BatchDepth;

    public LoggerRegistry()
    {
        Root = new FemtoLogger(LoggerNames.Root, null, this);
        _loggers[LoggerNames.Root] = Root;
        Root.Refresh();
    }

    public FemtoLogger Root { get; }

    public FemtoLogger Get(string name)
    {
        if (_loggers.TryGetValue(name, out var existing)) return existing;
        LoggerNames.Validate(name);
        lock (Sync)
        {
            return GetOrCreateLocked(name);
        }
    }

    private FemtoLogger GetOrCreateLocked(string name)
    {
        if (_loggers.TryGetValue(name, out var existing)) return existing;
        var parent = GetOrCreateLocked(LoggerNames.ParentOf(name));
        var logger = new FemtoLogger(name, parent, this);
        logger.Refresh();
        _loggers[name] = logger;
        return logger;
    }

    public bool TryGet(string name, out FemtoLogger? logger) => _loggers.TryGetValue(name, out logger);

    public ICollection<FemtoLogger> All => _loggers.Values;

    /// <summary>Recomputes every logger's effective level mask and dispatch list (call holding <see cref="Sync"/>).</summary>
    public void RefreshAllLocked()
    {
        foreach (var logger in _loggers.Values) logger.Refresh();
    }
}
