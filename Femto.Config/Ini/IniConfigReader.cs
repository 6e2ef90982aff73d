namespace Femto.Config;

/// <summary>Translates a CPython <c>fileConfig</c> INI file into the dict tree <see cref="DictConfigReader"/> reads:
/// <c>[loggers]</c>/<c>[handlers]</c>/<c>[formatters]</c> <c>keys=</c>, <c>[logger_root]</c>, <c>[logger_x]</c> with
/// <c>qualname</c>/<c>propagate</c>, <c>[handler_x]</c> with <c>class</c>/<c>args</c>/<c>kwargs</c>/<c>level</c>/
/// <c>formatter</c>, <c>[formatter_x]</c> with <c>format</c>/<c>datefmt</c>/<c>style</c>/<c>validate</c>/
/// <c>defaults</c>/<c>class</c> (read raw, without interpolation, as CPython reads them), and Femto's
/// <c>[filters]</c>/<c>[filter_x]</c> with <c>filters=</c> on loggers.</summary>
internal static class IniConfigReader
{
    private static readonly string[] HandlerKeys = ["class", "args", "kwargs", "level", "formatter"];
    private static readonly string[] FormatterKeys = ["format", "datefmt", "style", "validate", "defaults", "class"];
    private static readonly string[] LoggerKeys = ["level", "handlers", "filters", "propagate", "qualname", "overflow_policy"];

    public static ConfigBuilder Read(string path, string text, IReadOnlyDictionary<string, string>? defaults)
    {
        var ini = IniSections.Parse(path, text, defaults);
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        var sectionOfLogger = new Dictionary<string, string>(StringComparer.Ordinal);

        var loggerKeys = Keys(ini, path, "loggers", required: true);
        if (!loggerKeys.Contains("root")) throw new FemtoConfigException($"{path}: [loggers] keys: must include root (the root logger is required).");

        tree["formatters"] = Entries(ini, path, "formatters", "formatter_", FormatterKeys, (section, map) =>
        {
            // CPython reads these raw: no %(x)s interpolation in format strings.
            Copy(ini, section, map, "format", raw: true);
            Copy(ini, section, map, "datefmt", raw: true);
            Copy(ini, section, map, "style", raw: true);
            Copy(ini, section, map, "defaults", raw: true);
            Copy(ini, section, map, "class", raw: false);
            if (ini.Get(section, "validate") is { } validate) map["validate"] = Boolean(path, section, "validate", validate);
        });
        tree["filters"] = Entries(ini, path, "filters", "filter_", null, (section, map) =>
        {
            foreach (var key in ini.OwnKeys(section)) map[key] = ini.Get(section, key);
        });
        tree["handlers"] = Entries(ini, path, "handlers", "handler_", HandlerKeys, (section, map) =>
        {
            map["class"] = ini.Get(section, "class") ?? throw new FemtoConfigException($"{path}: [{section}] class: missing (a handler needs a class).");
            map["args"] = ini.Get(section, "args") ?? "()";
            if (ini.Get(section, "kwargs") is { } kwargs) map["kwargs"] = kwargs;
            if (ini.Get(section, "level") is { } level) map["level"] = level;
            if (ini.Get(section, "formatter") is { Length: > 0 } formatter) map["formatter"] = formatter;
        });

        var loggers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in loggerKeys)
        {
            string section = "logger_" + key;
            if (!ini.Has(section)) throw new FemtoConfigException($"{path}: [{section}] is missing (listed in [loggers] keys).");
            CheckKeys(ini, path, section, LoggerKeys);
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (ini.Get(section, "level") is { } level) map["level"] = level;
            map["handlers"] = List(ini.Get(section, "handlers"));
            if (ini.Get(section, "filters") is { } filters) map["filters"] = List(filters);
            if (ini.Get(section, "overflow_policy") is { } policy) map["overflow_policy"] = policy;
            if (key == "root")
            {
                tree["root"] = map;
                continue;
            }
            string qualname = ini.Get(section, "qualname") is { Length: > 0 } q ? q.Trim()
                : throw new FemtoConfigException($"{path}: [{section}] qualname: missing (the logger's dotted name).");
            if (ini.Get(section, "propagate") is { } propagate)
                map["propagate"] = propagate.Trim() switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw new FemtoConfigException($"{path}: [{section}] propagate: must be 0 or 1, found '{propagate}'."),
                };
            if (sectionOfLogger.TryGetValue(qualname, out var other))
                throw new FemtoConfigException($"{path}: [{section}] qualname: '{qualname}' is already configured by [logger_{other}].");
            if (qualname == "root") throw new FemtoConfigException($"{path}: [{section}] qualname: 'root' is configured by [logger_root].");
            sectionOfLogger[qualname] = key;
            loggers[qualname] = map;
        }
        tree["loggers"] = loggers;
        return DictConfigReader.Read(tree, new IniLocationStyle(path, sectionOfLogger));
    }

    /// <summary>The ids listed in <c>[name] keys=</c>, each once.</summary>
    private static List<string> Keys(IniSections ini, string path, string name, bool required)
    {
        if (!ini.Has(name))
        {
            if (required) throw new FemtoConfigException($"{path}: [{name}] is missing.");
            return [];
        }
        CheckKeys(ini, path, name, ["keys"]);
        var keys = List(ini.Get(name, "keys"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in keys)
            if (!seen.Add(k)) throw new FemtoConfigException($"{path}: [{name}] keys: '{k}' is listed twice.");
        return keys;
    }

    private static Dictionary<string, object?> Entries(IniSections ini, string path, string listSection, string prefix, string[]? allowed,
        Action<string, Dictionary<string, object?>> read)
    {
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in Keys(ini, path, listSection, required: false))
        {
            string section = prefix + key;
            if (!ini.Has(section)) throw new FemtoConfigException($"{path}: [{section}] is missing (listed in [{listSection}] keys).");
            if (allowed is not null) CheckKeys(ini, path, section, allowed);
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            read(section, map);
            entries[key] = map;
        }
        return entries;
    }

    private static void CheckKeys(IniSections ini, string path, string section, string[] allowed)
    {
        foreach (var key in ini.OwnKeys(section))
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new FemtoConfigException($"{path}: [{section}] {key}: unknown key. Accepted: {string.Join(", ", allowed)}.");
    }

    private static void Copy(IniSections ini, string section, Dictionary<string, object?> map, string key, bool raw)
    {
        if (ini.Get(section, key, raw) is { } value) map[key] = value;
    }

    /// <summary>configparser's booleans: 1/yes/true/on and 0/no/false/off.</summary>
    private static bool Boolean(string path, string section, string key, string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "yes" or "true" or "on" => true,
        "0" or "no" or "false" or "off" => false,
        _ => throw new FemtoConfigException($"{path}: [{section}] {key}: not a boolean: '{value}'."),
    };

    /// <summary>A comma-separated list, spaces trimmed, empty items dropped.</summary>
    private static List<string> List(string? text) =>
        text is null ? [] : [.. text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)];
}
