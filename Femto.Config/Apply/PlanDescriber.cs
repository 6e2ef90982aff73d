using System.Text;

namespace Femto.Config;

/// <summary>Shows a plan as the pipeline records will follow: per configured logger its effective level, filters,
/// and every handler its records reach (its own, then its ancestors' while it propagates).</summary>
internal static class PlanDescriber
{
    public static string Describe(ConfigPlan plan)
    {
        var byName = plan.Loggers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var handlers = plan.Handlers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        var filters = plan.Filters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var logger in plan.Loggers)
        {
            sb.Append(logger.IsRoot ? "root" : "logger " + logger.Name);
            sb.Append("  level ").Append(EffectiveLevel(logger, byName));
            if (!logger.IsRoot) sb.Append("  propagate ").Append(logger.Propagate == false ? "no" : "yes");
            if (logger.Policy is { } policy) sb.Append("  queue policy ").Append(policy);
            sb.Append('\n');
            foreach (var id in logger.FilterIds) sb.Append("  filter ").Append(id).Append(": ").Append(filters[id].Description).Append('\n');
            int reached = 0;
            for (var current = logger; current is not null; current = current.Propagate == false ? null : NearestConfiguredAncestor(current.Name, byName))
            {
                foreach (var id in current.HandlerIds)
                {
                    reached++;
                    sb.Append("  -> ").Append(id);
                    if (current != logger) sb.Append(" (from ").Append(current.Name).Append(')');
                    sb.Append(": ").Append(Handler(handlers[id])).Append('\n');
                }
            }
            if (reached == 0) sb.Append("  -> no handlers\n");
        }
        if (plan.DisableExistingLoggers) sb.Append("other existing loggers: disabled\n");
        return sb.ToString();
    }

    private static string Handler(HandlerDefinition def)
    {
        var sb = new StringBuilder(def.ClassName);
        if (def.Target is { } target) sb.Append(' ').Append(target);
        if (def.Truncate) sb.Append(" (emptied when applied)");
        if (def.Level is { } level) sb.Append(", level >= ").Append(level.ToName());
        foreach (var (key, value) in def.Details) sb.Append(", ").Append(key).Append(' ').Append(value);
        return sb.ToString();
    }

    private static string EffectiveLevel(LoggerPlan logger, Dictionary<string, LoggerPlan> byName)
    {
        for (var l = logger; l is not null; l = NearestConfiguredAncestor(l.Name, byName))
        {
            if (!l.SetLevel) continue;
            if (l.Level is not { } level) continue;
            return l == logger ? level.ToName() : $"{level.ToName()} (from {l.Name})";
        }
        return logger.IsRoot ? "unchanged (INFO by default)" : "inherited (root's level in force)";
    }

    private static LoggerPlan? NearestConfiguredAncestor(string name, Dictionary<string, LoggerPlan> byName)
    {
        if (name == "root") return null;
        for (int dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            if (byName.TryGetValue(name[..dot], out var ancestor)) return ancestor;
        return byName["root"];
    }
}
