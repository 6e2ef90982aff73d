namespace Femto.Config;

/// <summary>Builds a validated <see cref="ConfigPlan"/> and applies it: filters and handlers first (closing what was
/// built if anything fails), then every logger in one <see cref="FemtoLogging.Batch"/>, then the handlers no longer
/// used anywhere are flushed and closed once the records already queued for them have reached them.</summary>
internal static class ConfigApplier
{
    /// <summary>How long applying waits for replaced handlers to receive and write their last records.</summary>
    private static readonly TimeSpan RetireTimeout = TimeSpan.FromSeconds(5);

    // One configuration at a time (a watcher and the application may apply concurrently).
    private static readonly object s_applyLock = new();

    public static void Apply(ConfigPlan plan)
    {
        lock (s_applyLock)
        {
            var filters = BuildFilters(plan);
            var before = AttachedHandlers();
            var (handlers, built) = BuildHandlers(plan, before);
            try
            {
                FemtoLogging.Batch(() => Swap(plan, handlers, filters));
            }
            catch
            {
                // Nothing in the swap should throw once the plan validated; if it does, do not leak what was built.
                Close(built.Select(b => b.Handler));
                throw;
            }
            foreach (var (id, handler) in handlers)
                HandlerOwnership.Register(handler, plan.Handlers.First(h => h.Key == id).Value.Signature, id);
            Retire(before, handlers);
        }
    }

    private static Dictionary<string, IFemtoFilter> BuildFilters(ConfigPlan plan)
    {
        var filters = new Dictionary<string, IFemtoFilter>(StringComparer.Ordinal);
        foreach (var (id, def) in plan.Filters)
        {
            try
            {
                filters[id] = def.Build() ?? throw new InvalidOperationException("the filter factory returned null");
            }
            catch (FemtoConfigException ex) when (ex.Message.StartsWith(def.Where.ToString(), StringComparison.Ordinal))
            {
                throw;
            }
            catch (Exception ex)
            {
                throw def.Where.Error($"cannot build the filter: {ex.Message}", ex);
            }
        }
        return filters;
    }

    /// <summary>Builds the handlers the plan uses, keeping running handlers with an equal signature. Files opened
    /// with <c>mode='w'</c> are emptied last, just before their handler opens them, so an earlier failure leaves
    /// them untouched.</summary>
    private static (Dictionary<string, IFemtoHandler> Handlers, List<(IFemtoHandler Handler, string? Signature)> Built) BuildHandlers(
        ConfigPlan plan, IReadOnlyList<IFemtoHandler> running)
    {
        var handlers = new Dictionary<string, IFemtoHandler>(StringComparer.Ordinal);
        var built = new List<(IFemtoHandler, string?)>();
        var kept = new HashSet<IFemtoHandler>(ReferenceEqualityComparer.Instance);
        foreach (var (id, def) in plan.Handlers)
        {
            if (def.Signature is null || def.Truncate) continue;
            var reusable = running.FirstOrDefault(h => !kept.Contains(h) && h is not FemtoHandler { IsClosed: true }
                                                       && HandlerOwnership.SignatureOf(h) == def.Signature);
            if (reusable is null) continue;
            kept.Add(reusable);
            handlers[id] = reusable;
        }
        try
        {
            foreach (var (id, def) in plan.Handlers.Where(h => !handlers.ContainsKey(h.Key)).OrderBy(h => h.Value.Truncate))
            {
                if (def.Truncate && def.FilePath is { } path) Truncate(path, def);
                var handler = BuildOne(def);
                built.Add((handler, def.Signature));
                handlers[id] = handler;
            }
        }
        catch
        {
            Close(built.Select(b => b.Item1));
            throw;
        }
        return (handlers, built);
    }

    private static IFemtoHandler BuildOne(HandlerDefinition def)
    {
        try
        {
            return def.Build();
        }
        catch (HandlerConfigException ex)
        {
            throw def.Where.HandlerError(ex.Message, ex);
        }
        catch (FemtoConfigException ex)
        {
            throw def.Where.Error(ex.Message, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw def.Where.HandlerError($"cannot build {def.ClassName}: {ex.Message}", ex);
        }
    }

    private static void Truncate(string path, HandlerDefinition def)
    {
        try
        {
            if (!File.Exists(path)) return;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.SetLength(0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw def.Where.HandlerError($"cannot empty '{path}' for mode 'w': {ex.Message}", ex);
        }
    }

    /// <summary>Runs inside <see cref="FemtoLogging.Batch"/>: only setters, no I/O, nothing that can fail.</summary>
    private static void Swap(ConfigPlan plan, Dictionary<string, IFemtoHandler> handlers, Dictionary<string, IFemtoFilter> filters)
    {
        var existing = FemtoLogging.GetLoggers();
        var configured = new HashSet<string>(plan.Loggers.Select(l => l.Name), StringComparer.Ordinal);
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in configured)
            for (int dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
                ancestors.Add(name[..dot]);

        foreach (var (id, handler) in handlers)
        {
            // A kept handler takes the level of the new definition (its signature leaves the level out).
            var def = plan.Handlers.First(h => h.Key == id).Value;
            if (handler is FemtoHandler queued && def.Signature is not null) queued.MinimumLevel = def.Level;
        }

        foreach (var lp in plan.Loggers)
        {
            var logger = lp.IsRoot ? FemtoLogging.GetLogger() : FemtoLogging.GetLogger(lp.Name);
            logger.ClearHandlers();
            foreach (var id in lp.HandlerIds) logger.AddHandler(handlers[id]);
            logger.ClearFilters();
            foreach (var id in lp.FilterIds) logger.AddFilter(filters[id]);
            if (lp.SetLevel) logger.Level = lp.Level;
            if (lp.Propagate is { } propagate) logger.Propagate = propagate;
            if (lp.Policy is { } policy) logger.OverflowPolicy = policy;
            logger.Disabled = false;
        }

        foreach (var logger in existing)
        {
            if (configured.Contains(logger.Name)) continue;
            if (ancestors.Contains(logger.Name))
            {
                logger.Disabled = false; // ancestors of configured loggers are never disabled
            }
            else if (HasConfiguredAncestor(logger, configured))
            {
                // As CPython: descendants of a configured logger are reset, not disabled.
                logger.Level = null;
                logger.ClearHandlers();
                logger.ClearFilters();
                logger.Propagate = true;
                logger.Disabled = false;
            }
            else
            {
                logger.Disabled = plan.DisableExistingLoggers;
                if (plan.DisableExistingLoggers)
                {
                    logger.ClearHandlers();
                    logger.ClearFilters();
                }
            }
        }
    }

    private static bool HasConfiguredAncestor(FemtoLogger logger, HashSet<string> configured)
    {
        for (var p = logger.Parent; p is not null && p.Parent is not null; p = p.Parent)
            if (configured.Contains(p.Name)) return true;
        return false;
    }

    /// <summary>Closes the handlers that were attached before and are attached nowhere now, losing nothing they
    /// were given. A record can still be on its way to an old handler after the switch: queued in a logger, or held
    /// by a producer that read its logger's handler list just before the switch (or waits under Block). So the
    /// loggers are drained first (what was queued before the switch reaches the old handlers, as it was logged for
    /// them); then a handler replaced under the same id forwards what still reaches it to its replacement; the
    /// loggers are drained again (a record being handed to an old handler as forwarding began has then been
    /// queued there), and the old handlers close, writing what they had queued. A removed handler (no replacement)
    /// closes after the drains; a record reaching it later counts as a handler error.</summary>
    private static void Retire(IReadOnlyList<IFemtoHandler> before, Dictionary<string, IFemtoHandler> current)
    {
        var now = new HashSet<IFemtoHandler>(AttachedHandlers(), ReferenceEqualityComparer.Instance);
        var retired = before.Where(h => !now.Contains(h) && (h is FemtoHandler || HandlerOwnership.IsOwned(h))).ToList();
        if (retired.Count == 0) return;
        long deadline = Environment.TickCount64 + (long)RetireTimeout.TotalMilliseconds;
        bool drained = FemtoLogging.Flush(RetireTimeout);
        foreach (var queued in retired.OfType<FemtoHandler>())
            if (HandlerOwnership.IdOf(queued) is { } id && current.TryGetValue(id, out var successor) && queued.Successor is null && !queued.IsClosed)
                queued.ForwardTo(successor);
        if (!(drained & FemtoLogging.Flush(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)))))
            FemtoDiagnostics.Report($"configuration: the loggers did not drain within {RetireTimeout.TotalSeconds:0} s; " +
                                    "records still queued for removed handlers may be counted as handler errors.");
        foreach (var handler in retired)
        {
            var left = TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
            try
            {
                if (handler is FemtoHandler queued)
                {
                    if (!queued.Close(left)) FemtoDiagnostics.Report($"configuration: replaced handler {queued.Name} did not finish writing within {RetireTimeout.TotalSeconds:0} s.");
                }
                else (handler as IDisposable)?.Dispose();
            }
            catch (Exception ex)
            {
                FemtoDiagnostics.Report($"configuration: closing a replaced handler ({handler.GetType().Name}) failed: {ex.Message}");
            }
        }
    }

    private static void Close(IEnumerable<IFemtoHandler> handlers)
    {
        foreach (var h in handlers)
        {
            try { (h as IDisposable)?.Dispose(); }
            catch (Exception ex) { FemtoDiagnostics.Report($"configuration: closing a handler after a failed configuration failed: {ex.Message}"); }
        }
    }

    private static List<IFemtoHandler> AttachedHandlers() =>
        [.. FemtoLogging.GetLoggers().SelectMany(l => l.Handlers).Distinct(ReferenceEqualityComparer.Instance).Cast<IFemtoHandler>()];
}
