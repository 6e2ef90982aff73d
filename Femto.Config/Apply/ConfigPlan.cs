namespace Femto.Config;

/// <summary>A configuration checked for consistency (root present, every id defined once and known, names valid),
/// with nothing built yet. <see cref="ConfigApplier"/> builds and applies it; <see cref="PlanDescriber"/> shows it.</summary>
internal sealed class ConfigPlan
{
    /// <summary>The configured loggers, root first, then by name.</summary>
    public required IReadOnlyList<LoggerPlan> Loggers { get; init; }

    /// <summary>The handlers some logger uses, by id, in definition order.</summary>
    public required IReadOnlyList<KeyValuePair<string, HandlerDefinition>> Handlers { get; init; }

    /// <summary>The filters some logger uses, by id, in definition order.</summary>
    public required IReadOnlyList<KeyValuePair<string, FilterDefinition>> Filters { get; init; }

    /// <summary>Disable the existing loggers the configuration does not name.</summary>
    public required bool DisableExistingLoggers { get; init; }
}
