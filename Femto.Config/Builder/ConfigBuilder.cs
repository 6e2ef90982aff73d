using Femto.Handlers;

namespace Femto.Config;

/// <summary>A whole logging configuration — handlers and filters by id, loggers by name, the root, a default level —
/// applied in one step by <see cref="BuildAndInit"/>. Every front end produces one: code, <see cref="FemtoConfig.DictConfig"/>,
/// JSON, CPython INI files and the Microsoft.Extensions.Logging provider.</summary>
/// <example><code>
/// new ConfigBuilder()
///     .WithHandler("console", StreamHandlerBuilder.Stderr())
///     .WithHandler("audit", new FileHandlerBuilder("/var/log/app.log").WithOverflowPolicy(OverflowPolicy.Block))
///     .WithFilter("info_only", new LevelFilterBuilder().WithMaxLevel("INFO"))
///     .WithLogger("app.audit", new LoggerConfigBuilder().WithLevel("INFO").WithHandlers("audit").WithFilters("info_only").WithPropagate(false))
///     .WithRootLogger(new LoggerConfigBuilder().WithLevel("WARNING").WithHandlers("console"))
///     .BuildAndInit();
/// </code></example>
/// <remarks>Applying is atomic: everything is validated and every handler built before any logger changes, then all
/// loggers change together; on any error nothing changes, the handlers built so far are closed, and a
/// <see cref="FemtoConfigException"/> (or <see cref="HandlerConfigException"/>) names the place at fault. Handlers
/// that the new configuration no longer uses are flushed and closed after the switch, once the records already
/// queued for them have reached them. A file handler whose settings did not change is kept running rather than reopened.</remarks>
public sealed class ConfigBuilder
{
    private readonly List<KeyValuePair<string, HandlerDefinition>> _handlers = [];
    private readonly List<KeyValuePair<string, FilterDefinition>> _filters = [];
    private readonly List<KeyValuePair<string, LoggerConfigBuilder>> _loggers = [];
    private readonly HashSet<string> _loggerNames = new(StringComparer.Ordinal);
    private LoggerConfigBuilder? _root;

    /// <summary>How places are named in errors; INI files name sections.</summary>
    internal LocationStyle Style { get; set; } = LocationStyle.Dict;

    private Where Top => Where.Top(Style);

    /// <summary>The level given to configured loggers that have none of their own; null: they keep theirs.</summary>
    public FemtoLevel? DefaultLevel { get; private set; }

    /// <summary>Whether loggers that exist when the configuration is applied and that it does not name (nor any of
    /// their descendants) are disabled, their handlers and filters cleared. Default: false here; true for dict, JSON
    /// and INI configurations, as in CPython.</summary>
    public bool DisableExistingLoggers { get; private set; }

    /// <summary>Adds a stream handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, StreamHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddHandler(id, new HandlerDefinition
        {
            ClassName = nameof(FemtoStreamHandler),
            Target = builder.Target?.ToString().ToLowerInvariant() ?? "writer",
            Build = builder.Build,
            Where = Top.Key("handlers").Key(id ?? ""),
        });
    }

    /// <summary>Adds a file handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, FileHandlerBuilder builder) =>
        AddFileHandler(id, nameof(FemtoFileHandler), builder?.Path, () => builder!.Build());

    /// <summary>Adds a size-rotating file handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, RotatingFileHandlerBuilder builder) =>
        AddFileHandler(id, nameof(FemtoRotatingFileHandler), builder?.Path, () => builder!.Build());

    /// <summary>Adds a time-rotating file handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, TimedRotatingFileHandlerBuilder builder) =>
        AddFileHandler(id, nameof(FemtoTimedRotatingFileHandler), builder?.Path, () => builder!.Build());

    /// <summary>Adds a socket handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, SocketHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddHandler(id, new HandlerDefinition
        {
            ClassName = nameof(FemtoSocketHandler),
            Target = builder.UnixPath is { } path ? "unix:" + path
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(builder.TlsDomain is null ? "" : "tls://")}{builder.Host}:{builder.Port}"),
            Build = builder.Build,
            Where = Top.Key("handlers").Key(id ?? ""),
        });
    }

    /// <summary>Adds an HTTP batch handler under <paramref name="id"/>.</summary>
    public ConfigBuilder WithHandler(string id, HttpHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddHandler(id, new HandlerDefinition
        {
            ClassName = nameof(FemtoHttpHandler),
            Target = builder.Endpoint?.GetLeftPart(UriPartial.Path) ?? "(no endpoint)",
            Build = builder.Build,
            Where = Top.Key("handlers").Key(id ?? ""),
        });
    }

    private ConfigBuilder AddFileHandler(string id, string className, string? builderPath, Func<IFemtoHandler> build)
    {
        ArgumentNullException.ThrowIfNull(builderPath, "builder");
        string path = Path.GetFullPath(builderPath);
        return AddHandler(id, new HandlerDefinition
        {
            ClassName = className,
            Target = path,
            FilePath = path,
            Build = build,
            Where = Top.Key("handlers").Key(id ?? ""),
        });
    }


    /// <summary>Adds a handler of your own under <paramref name="id"/>. The factory runs when the configuration is
    /// applied and must return a new handler: if the configuration then fails, or a later one replaces it, the handler
    /// is closed (<see cref="IDisposable"/>).</summary>
    public ConfigBuilder WithHandler(string id, Func<IFemtoHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return AddHandler(id, new HandlerDefinition
        {
            ClassName = "custom",
            Build = () => factory() ?? throw new FemtoConfigException($"handlers.{id}: the factory returned null."),
            Where = Top.Key("handlers").Key(id ?? ""),
        });
    }

    /// <summary>Adds a filter under <paramref name="id"/>: <see cref="LevelFilterBuilder"/>, <see cref="NameFilterBuilder"/>
    /// or your own <see cref="IFilterBuilder"/>.</summary>
    public ConfigBuilder WithFilter(string id, IFilterBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string description = builder switch
        {
            LevelFilterBuilder l => l.MaxLevel is { } max ? $"level <= {max.ToName()}" : "level filter",
            NameFilterBuilder n => n.Prefix is { } p ? $"name starts with '{p}'" : "name filter",
            _ => builder.GetType().Name,
        };
        return AddFilter(id, new FilterDefinition { Build = builder.Build, Description = description, Where = Top.Key("filters").Key(id ?? "") });
    }

    /// <summary>Adds a filter object of your own under <paramref name="id"/>.</summary>
    public ConfigBuilder WithFilter(string id, IFemtoFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return AddFilter(id, new FilterDefinition { Build = () => filter, Description = filter.ToString() ?? filter.GetType().Name, Where = Top.Key("filters").Key(id ?? "") });
    }

    /// <summary>Configures the logger named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is invalid or already configured; use <see cref="WithRootLogger"/> for the root.</exception>
    public ConfigBuilder WithLogger(string name, LoggerConfigBuilder logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(logger);
        FemtoLogging.ValidateLoggerName(name);
        if (name == "root") throw new ArgumentException("Configure the root logger with WithRootLogger.", nameof(name));
        if (!_loggerNames.Add(name)) throw new ArgumentException($"The logger '{name}' is already configured.", nameof(name));
        _loggers.Add(new(name, logger));
        return this;
    }

    /// <summary>Configures the root logger (required).</summary>
    public ConfigBuilder WithRootLogger(LoggerConfigBuilder root)
    {
        _root = root ?? throw new ArgumentNullException(nameof(root));
        return this;
    }

    /// <summary>The level given to configured loggers that have none of their own.</summary>
    public ConfigBuilder WithDefaultLevel(FemtoLevel level)
    {
        if (!Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(level), level, "Undefined level.");
        DefaultLevel = level;
        return this;
    }

    /// <summary>The level given to configured loggers that have none of their own, by name.</summary>
    /// <exception cref="ArgumentException">Unknown level name.</exception>
    public ConfigBuilder WithDefaultLevel(string level) => WithDefaultLevel(FemtoLevels.Parse(level));

    /// <summary>Whether existing loggers that the configuration does not name are disabled (see
    /// <see cref="DisableExistingLoggers"/>).</summary>
    public ConfigBuilder WithDisableExistingLoggers(bool disable)
    {
        DisableExistingLoggers = disable;
        return this;
    }

    /// <summary>Validates the configuration, builds every handler and filter, and applies it to the loggers in one
    /// step. On any error nothing changes.</summary>
    /// <exception cref="FemtoConfigException">The configuration is inconsistent (missing root, unknown or duplicate
    /// id…); the message names the place.</exception>
    /// <exception cref="HandlerConfigException">A handler could not be built (bad option, unwritable file…).</exception>
    public void BuildAndInit() => ConfigApplier.Apply(Plan());

    /// <summary>Checks everything that can be checked without building handlers (no file is opened).</summary>
    /// <exception cref="FemtoConfigException">As <see cref="BuildAndInit"/>.</exception>
    public void Validate() => Plan();

    /// <summary>The effective pipeline as text: each configured logger with its effective level, filters, and the
    /// handlers its records reach (its own, then its ancestors' while propagating) with their class, target and
    /// settings. Validates first; builds nothing.</summary>
    /// <exception cref="FemtoConfigException">As <see cref="Validate"/>.</exception>
    public string Describe() => PlanDescriber.Describe(Plan());

    internal ConfigBuilder AddHandler(string id, HandlerDefinition definition)
    {
        CheckId(id, _handlers.Select(h => h.Key), "handler");
        _handlers.Add(new(id, definition));
        return this;
    }

    internal ConfigBuilder AddFilter(string id, FilterDefinition definition)
    {
        CheckId(id, _filters.Select(f => f.Key), "filter");
        _filters.Add(new(id, definition));
        return this;
    }

    private static void CheckId(string id, IEnumerable<string> existing, string what)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException($"A {what} id must not be empty.", nameof(id));
        if (existing.Contains(id)) throw new ArgumentException($"The {what} id '{id}' is already defined.", nameof(id));
    }

    /// <summary>Resolves ids and checks consistency; builds nothing.</summary>
    internal ConfigPlan Plan()
    {
        if (_root is null) throw Top.Key("root").Error("the root logger must be configured (dict: 'root'; INI: [logger_root]; builder: WithRootLogger).");
        var handlers = _handlers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        var filters = _filters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var usedHandlers = new HashSet<string>(StringComparer.Ordinal);
        var usedFilters = new HashSet<string>(StringComparer.Ordinal);
        var loggers = new List<LoggerPlan>();
        foreach (var (name, config) in _loggers.Prepend(new("root", _root)))
        {
            var at = name == "root" ? Top.Key("root") : Top.Key("loggers").Key(name);
            CheckRefs(config.HandlerIds, handlers.Keys, at.Key("handlers"), "handler", usedHandlers);
            CheckRefs(config.FilterIds, filters.Keys, at.Key("filters"), "filter", usedFilters);
            bool root = name == "root";
            bool setLevel = config.HasLevel || DefaultLevel is not null;
            FemtoLevel? level = config.HasLevel ? config.Level : DefaultLevel;
            if (root && setLevel && level is null) level = FemtoLevel.Trace; // NOTSET on the root: everything passes
            loggers.Add(new LoggerPlan(name, setLevel, level, [.. config.HandlerIds], [.. config.FilterIds],
                root ? config.Propagate : config.Propagate ?? true, config.OverflowPolicy));
        }
        return new ConfigPlan
        {
            Loggers = [loggers[0], .. loggers.Skip(1).OrderBy(l => l.Name, StringComparer.Ordinal)],
            Handlers = [.. _handlers.Where(h => usedHandlers.Contains(h.Key))],
            Filters = [.. _filters.Where(f => usedFilters.Contains(f.Key))],
            DisableExistingLoggers = DisableExistingLoggers,
        };
    }

    private static void CheckRefs(IReadOnlyList<string> ids, IEnumerable<string> defined, Where at, string what, HashSet<string> used)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            if (!seen.Add(ids[i])) throw at.Item(i).Error($"{what} id '{ids[i]}' is listed twice.");
            if (!defined.Contains(ids[i]))
            {
                var known = defined.ToList();
                throw at.Item(i).Error($"unknown {what} id '{ids[i]}'. " +
                    (known.Count == 0 ? $"No {what}s are defined." : $"Defined: {string.Join(", ", known)}."));
            }
            used.Add(ids[i]);
        }
    }
}
