using Femto.Handlers;

namespace Femto.Config;

/// <summary>Reads a Python <c>dictConfig</c>-shaped tree into a <see cref="ConfigBuilder"/>: <c>version</c> (1),
/// <c>incremental</c> (false only), <c>disable_existing_loggers</c>, <c>formatters</c>, <c>filters</c>,
/// <c>handlers</c>, <c>loggers</c>, <c>root</c> (required) and Femto's <c>default_level</c>. Every key and value
/// is checked; errors name the place (<c>handlers.file.mode</c>, or the INI section for INI files).</summary>
internal static class DictConfigReader
{
    private static readonly string[] TopKeys = ["version", "incremental", "disable_existing_loggers", "formatters", "filters", "handlers", "loggers", "root", "default_level"];
    private static readonly string[] LoggerKeys = ["level", "handlers", "filters", "propagate", "overflow_policy"];
    private static readonly string[] FormatterKeys = ["format", "datefmt", "style", "validate", "defaults", "class", "utc", "()"];
    private static readonly string[] BuiltInFormatters = ["default", "timestamped", "timestamped_logger", "json"];

    private sealed record FormatterEntry(IFemtoFormatter Formatter, string Signature);

    public static ConfigBuilder Read(object? tree, LocationStyle style)
    {
        var top = Where.Top(style);
        var config = ConfigValues.Map(tree, top, TopKeys, "top-level");
        var builder = new ConfigBuilder { Style = style };

        if (ConfigValues.TryGet(config, "version", out var version) && ConfigValues.Integer(version, top.Key("version")) != 1)
            throw top.Key("version").Error($"unsupported version {version}: only 1 exists.");
        if (ConfigValues.TryGet(config, "incremental", out var incremental) && ConfigValues.Bool(incremental, top.Key("incremental")))
            throw top.Key("incremental").Error("incremental configurations are not supported: give the whole configuration (it is applied atomically).");
        builder.WithDisableExistingLoggers(!ConfigValues.TryGet(config, "disable_existing_loggers", out var disable)
                                           || ConfigValues.Bool(disable, top.Key("disable_existing_loggers")));
        if (ConfigValues.TryGet(config, "default_level", out var defaultLevel))
            builder.WithDefaultLevel(ConfigValues.Level(defaultLevel, top.Key("default_level"))
                                     ?? throw top.Key("default_level").Error("the default level cannot be NOTSET."));

        var formatters = ReadFormatters(config, top.Key("formatters"));
        foreach (var (id, value) in Section(config, top, "filters"))
            builder.AddFilter(id, ReadFilter(value, top.Key("filters").Key(id)));
        foreach (var (id, value) in Section(config, top, "handlers"))
            builder.AddHandler(id, ReadHandler(id, value, top.Key("handlers").Key(id), formatters));
        foreach (var (name, value) in Section(config, top, "loggers"))
        {
            var at = top.Key("loggers").Key(name);
            if (name == "root") throw at.Error("configure the root logger under the top-level 'root' key, not under 'loggers'.");
            try { FemtoLogging.ValidateLoggerName(name); }
            catch (ArgumentException ex) { throw at.Error(WithoutParameter(ex), ex); }
            builder.WithLogger(name, ReadLogger(value, at));
        }
        if (!ConfigValues.TryGet(config, "root", out var root))
            throw top.Key("root").Error("the root logger must be configured ('root' is required).");
        builder.WithRootLogger(ReadLogger(root, top.Key("root")));
        return builder;
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> Section(IReadOnlyList<KeyValuePair<string, object?>> config, Where top, string key) =>
        ConfigValues.TryGet(config, key, out var section) && section is not null ? ConfigValues.Map(section, top.Key(key)) : [];

    private static LoggerConfigBuilder ReadLogger(object? value, Where at)
    {
        var entry = ConfigValues.Map(value, at, LoggerKeys, "logger");
        var logger = new LoggerConfigBuilder();
        if (ConfigValues.TryGet(entry, "level", out var level)) logger.WithLevelOrNotSet(ConfigValues.Level(level, at.Key("level")));
        if (ConfigValues.TryGet(entry, "handlers", out var handlers) && handlers is not null) logger.WithHandlers(ConfigValues.StringList(handlers, at.Key("handlers")));
        if (ConfigValues.TryGet(entry, "filters", out var filters) && filters is not null) logger.WithFilters(ConfigValues.StringList(filters, at.Key("filters")));
        if (ConfigValues.TryGet(entry, "propagate", out var propagate)) logger.WithPropagate(ConfigValues.Bool(propagate, at.Key("propagate")));
        if (ConfigValues.TryGet(entry, "overflow_policy", out var policy))
        {
            try { logger.WithOverflowPolicy(ConfigValues.String(policy, at.Key("overflow_policy"))); }
            catch (ArgumentException ex) { throw at.Key("overflow_policy").Error(WithoutParameter(ex), ex); }
        }
        return logger;
    }

    private static FilterDefinition ReadFilter(object? value, Where at)
    {
        var entry = ConfigValues.Map(value, at);
        if (ConfigValues.TryGet(entry, "()", out var factoryName))
        {
            string name = ConfigValues.String(factoryName, at.Key("()"));
            var factory = FilterFactories.Find(name)
                ?? throw at.Key("()").Error($"'{name}' is not a filter factory registered in code (FemtoConfig.RegisterFilterFactory); " +
                                            "Femto never loads a type named in a configuration.");
            var options = entry.Where(e => e.Key != "()").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            return new FilterDefinition { Build = () => factory(options), Description = $"factory '{name}'", Where = at };
        }
        foreach (var (key, _) in entry)
            if (key is not ("level" or "name"))
                throw at.Key(key).Error($"unknown filter key '{key}'. A filter is {{\"level\": \"WARN\"}} (maximum level), {{\"name\": \"prefix\"}}, or {{\"()\": \"registered factory\", …}}.");
        bool hasLevel = ConfigValues.TryGet(entry, "level", out var level);
        bool hasName = ConfigValues.TryGet(entry, "name", out var prefix);
        if (hasLevel == hasName)
            throw at.Error("a filter takes exactly one of 'level' (maximum level) and 'name' (logger name prefix).");
        if (hasLevel)
        {
            var max = ConfigValues.Level(level, at.Key("level")) ?? throw at.Key("level").Error("a level filter needs a level, not NOTSET.");
            return new FilterDefinition { Build = () => new LevelFilter(max), Description = $"level <= {max.ToName()}", Where = at };
        }
        string p = ConfigValues.String(prefix, at.Key("name"));
        return new FilterDefinition { Build = () => new NameFilter(p), Description = $"name starts with '{p}'", Where = at };
    }

    private static Dictionary<string, FormatterEntry> ReadFormatters(IReadOnlyList<KeyValuePair<string, object?>> config, Where at)
    {
        var result = new Dictionary<string, FormatterEntry>(StringComparer.Ordinal);
        if (!ConfigValues.TryGet(config, "formatters", out var section) || section is null) return result;
        foreach (var (id, value) in ConfigValues.Map(section, at))
            result[id] = ReadFormatter(value, at.Key(id));
        return result;
    }

    private static FormatterEntry ReadFormatter(object? value, Where at)
    {
        var entry = ConfigValues.Map(value, at, FormatterKeys, "formatter");
        if (ConfigValues.TryGet(entry, "()", out _))
            throw at.Key("()").Error("'()' formatter factories are not supported: give format/datefmt/style/defaults, or use a built-in formatter id (default, timestamped, timestamped_logger, json).");
        if (ConfigValues.TryGet(entry, "class", out var cls))
        {
            string name = ConfigValues.String(cls, at.Key("class"));
            if (name.Trim() is not ("logging.Formatter" or "Formatter"))
                throw at.Key("class").Error($"formatter class '{name}' is not supported: only logging.Formatter's format/datefmt/style/defaults are.");
        }
        string? Text(string key) => ConfigValues.TryGet(entry, key, out var v) && v is not null ? ConfigValues.String(v, at.Key(key)) : null;
        string? format = Text("format");
        string? datefmt = Text("datefmt");
        string styleText = Text("style") ?? "%";
        if (styleText is not ("%" or "{" or "$")) throw at.Key("style").Error($"style must be '%', '{{' or '$', found '{styleText}'.");
        if (ConfigValues.TryGet(entry, "validate", out var validate)) ConfigValues.Bool(validate, at.Key("validate"));
        bool utc = ConfigValues.TryGet(entry, "utc", out var u) && ConfigValues.Bool(u, at.Key("utc"));
        Dictionary<string, object?>? defaults = null;
        if (ConfigValues.TryGet(entry, "defaults", out var d) && d is not null)
        {
            if (d is string literal) d = ParseLiteral(literal, at.Key("defaults"));
            defaults = ConfigValues.Map(d, at.Key("defaults")).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        }
        try
        {
            var formatter = PatternFormatter.Parse(format, string.IsNullOrEmpty(datefmt) ? null : datefmt, styleText[0], defaults, utc);
            return new FormatterEntry(formatter, "pattern:" + formatter.Signature);
        }
        catch (ArgumentException ex)
        {
            string key = ex.ParamName switch { "dateFormat" => "datefmt", "style" => "style", _ => "format" };
            throw at.Key(key).Error(WithoutParameter(ex), ex);
        }
    }

    private static HandlerDefinition ReadHandler(string id, object? value, Where at, Dictionary<string, FormatterEntry> formatters)
    {
        var entry = ConfigValues.Map(value, at);
        if (ConfigValues.TryGet(entry, "()", out _))
            throw at.Key("()").Error("'()' factories are not supported: Femto builds only the handler classes it knows; name one under 'class'.");
        if (ConfigValues.TryGet(entry, ".", out _))
            throw at.Key(".").Error("'.' (setting attributes after construction) is not supported.");
        if (ConfigValues.TryGet(entry, "filters", out _))
            throw at.Key("filters").Error("handler filters are not supported; attach filters to loggers.");
        if (!ConfigValues.TryGet(entry, "class", out var cls)) throw at.Error("a handler needs a 'class'.");
        string className = ConfigValues.String(cls, at.Key("class"));
        var kind = HandlerClassTable.Resolve(className, at.Key("class"));

        FemtoLevel? level = ConfigValues.TryGet(entry, "level", out var lv) ? ConfigValues.Level(lv, at.Key("level")) : null;
        var context = new HandlerContext { Id = id, Where = at, Level = level };
        if (ConfigValues.TryGet(entry, "formatter", out var fmt) && fmt is not null)
        {
            string formatterId = ConfigValues.String(fmt, at.Key("formatter"));
            var (formatter, signature) = ResolveFormatter(formatterId, formatters, at.Key("formatter"));
            context = new HandlerContext { Id = id, Where = at, Level = level, Formatter = formatter, FormatterName = formatterId, FormatterSignature = signature };
        }

        IReadOnlyList<object?> args = [];
        if (ConfigValues.TryGet(entry, "args", out var rawArgs) && rawArgs is not null)
        {
            var parsed = rawArgs is string text ? ParseLiteral(text, at.Key("args")) : rawArgs;
            if (parsed is string || parsed is not System.Collections.IEnumerable)
                throw at.Key("args").Error($"args must be a tuple, such as (sys.stderr,) — a single value needs a trailing comma; found {ConfigValues.Describe(parsed)}.");
            args = ConfigValues.List(parsed, at.Key("args"));
        }
        var kwargs = new List<(string, object?, Where)>();
        if (ConfigValues.TryGet(entry, "kwargs", out var rawKwargs) && rawKwargs is not null)
        {
            var parsed = rawKwargs is string text ? ParseLiteral(text, at.Key("kwargs")) : rawKwargs;
            foreach (var (key, v) in ConfigValues.Map(parsed, at.Key("kwargs"))) kwargs.Add((key, v, at.Key("kwargs").Key(key)));
        }
        // CPython's dictConfig passes every other key to the constructor.
        foreach (var (key, v) in entry)
        {
            if (key is "class" or "level" or "formatter" or "args" or "kwargs") continue;
            if (kwargs.Any(k => k.Item1 == key)) throw at.Key(key).Error($"'{key}' is given both in 'kwargs' and beside it.");
            kwargs.Add((key, v, at.Key(key)));
        }
        var arguments = kind.Parameters.Bind(className, args, at.Key("args"), kwargs);
        return kind.Create(arguments, context);
    }

    private static (IFemtoFormatter Formatter, string Signature) ResolveFormatter(string id, Dictionary<string, FormatterEntry> formatters, Where at)
    {
        if (formatters.TryGetValue(id, out var entry)) return (entry.Formatter, entry.Signature);
        if (BuiltInFormatters.Contains(id.Trim().ToLowerInvariant())) return (FemtoFormatters.FromId(id), "builtin:" + id.Trim().ToLowerInvariant());
        throw at.Error($"unknown formatter id '{id}'. " +
                       (formatters.Count > 0 ? $"Defined: {string.Join(", ", formatters.Keys)}; built-in: " : "Built-in: ") + string.Join(", ", BuiltInFormatters) + ".");
    }

    /// <summary>A Python literal from a configuration (INI <c>args</c>/<c>kwargs</c>/<c>defaults</c>, or a dict's
    /// tuple-literal string), never evaluated.</summary>
    public static object? ParseLiteral(string text, Where at)
    {
        try { return PythonLiteral.Parse(text); }
        catch (FormatException ex) { throw at.Error($"invalid literal {text.Trim()}: {ex.Message}.", ex); }
    }

    /// <summary>An <see cref="ArgumentException"/>'s message without the "(Parameter 'x')" suffix.</summary>
    public static string WithoutParameter(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
}
