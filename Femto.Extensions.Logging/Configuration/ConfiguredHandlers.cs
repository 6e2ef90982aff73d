using Femto.Config;

namespace Femto.Extensions.Logging;

/// <summary>Applies a provider's configuration trees and remembers the handlers they created (attached after an apply
/// and not before it), so that disposing the provider closes those and nothing else.</summary>
internal sealed class ConfiguredHandlers
{
    private readonly object _sync = new();
    private readonly HashSet<IFemtoHandler> _created = new(ReferenceEqualityComparer.Instance);

    /// <summary>Applies <paramref name="tree"/> (<c>version</c> 1 and <c>disable_existing_loggers</c> false unless it
    /// says otherwise). Throws what <see cref="FemtoConfig.DictConfig"/> throws; nothing changes then.</summary>
    public void Apply(IDictionary<string, object?> tree)
    {
        var complete = new Dictionary<string, object?>(tree, StringComparer.Ordinal);
        complete.TryAdd("version", 1L);
        complete.TryAdd("disable_existing_loggers", false);
        lock (_sync)
        {
            var before = Attached();
            FemtoConfig.DictConfig(complete);
            var after = Attached();
            _created.RemoveWhere(h => !after.Contains(h)); // replaced by this apply: the configuration closed them
            foreach (var handler in after)
                if (!before.Contains(handler)) _created.Add(handler);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for what was logged to be written, then detaches the handlers
    /// this provider created from every logger and closes them.</summary>
    public void CloseAll(TimeSpan timeout)
    {
        IFemtoHandler[] created;
        lock (_sync)
        {
            created = [.. _created];
            _created.Clear();
        }
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        FemtoLogging.Flush(timeout);
        if (created.Length == 0) return;
        var loggers = FemtoLogging.GetLoggers();
        FemtoLogging.Batch(() =>
        {
            foreach (var logger in loggers)
                foreach (var handler in created)
                    logger.RemoveHandler(handler);
        });
        // Records a producer was handing to them as they were detached: let them arrive before closing.
        FemtoLogging.Flush(Remaining(deadline));
        foreach (var handler in created)
        {
            try
            {
                if (handler is FemtoHandler queued) queued.Close(Remaining(deadline));
                else (handler as IDisposable)?.Dispose();
            }
            catch (Exception ex)
            {
                FemtoDiagnostics.Report($"Femto logger provider: closing {handler.GetType().Name} failed: {ex.Message}");
            }
        }
    }

    private static TimeSpan Remaining(long deadline) => TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));

    private static HashSet<IFemtoHandler> Attached() =>
        new(FemtoLogging.GetLoggers().SelectMany(l => l.Handlers), ReferenceEqualityComparer.Instance);
}
