using System.Collections;
using System.Globalization;

namespace Femto.Config;

/// <summary>Type-checked reads of values in a configuration tree. Trees come from C# dictionaries, JSON, INI files
/// or <c>IConfiguration</c>; a value of the wrong type is an error naming its place and what was found, never
/// coerced (<c>"propagate": 1</c> is not a bool, <c>"yes"</c> is not true).</summary>
internal static class ConfigValues
{
    /// <summary>A mapping with string keys (any dictionary shape a tree may hold), in its own order.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Map(object? value, Where where)
    {
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs: return [.. pairs];
            case IEnumerable<KeyValuePair<string, string?>> strings: return [.. strings.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))];
            case IDictionary dictionary:
                var list = new List<KeyValuePair<string, object?>>();
                foreach (DictionaryEntry e in dictionary)
                {
                    if (e.Key is not string key) throw where.Error($"keys must be strings, found {Describe(e.Key)}.");
                    list.Add(new(key, e.Value));
                }
                return list;
            default:
                throw where.Error($"expected a mapping, found {Describe(value)}.");
        }
    }

    /// <summary>A mapping whose keys must be among <paramref name="allowed"/>; an unknown key is named with the
    /// accepted ones.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Map(object? value, Where where, IReadOnlyCollection<string> allowed, string what)
    {
        var map = Map(value, where);
        foreach (var (key, _) in map)
            if (!allowed.Contains(key))
                throw where.Key(key).Error($"unknown {what} key '{key}'. Accepted: {string.Join(", ", allowed)}.");
        return map;
    }

    /// <summary>Looks a key up in a mapping read by <see cref="Map(object?, Where)"/>.</summary>
    public static bool TryGet(IReadOnlyList<KeyValuePair<string, object?>> map, string key, out object? value)
    {
        foreach (var (k, v) in map)
        {
            if (k == key)
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>A list (tuples and lists alike; a string is not a list).</summary>
    public static IReadOnlyList<object?> List(object? value, Where where)
    {
        if (value is string or null || value is IDictionary || value is IEnumerable<KeyValuePair<string, object?>> || value is not IEnumerable items)
            throw where.Error($"expected a list, found {Describe(value)}.");
        return [.. items.Cast<object?>()];
    }

    /// <summary>A list of strings, such as handler or filter ids.</summary>
    public static IReadOnlyList<string> StringList(object? value, Where where)
    {
        var list = List(value, where);
        var result = new string[list.Count];
        for (int i = 0; i < list.Count; i++) result[i] = String(list[i], where.Item(i));
        return result;
    }

    public static string String(object? value, Where where) =>
        value as string ?? throw where.Error($"expected a string, found {Describe(value)}.");

    public static bool Bool(object? value, Where where) =>
        value as bool? ?? throw where.Error($"expected true or false, found {Describe(value)}.");

    /// <summary>A whole number of any integer type.</summary>
    public static long Integer(object? value, Where where) => value switch
    {
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        _ => throw where.Error($"expected a whole number, found {Describe(value)}."),
    };

    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>; out of range is a handler error.</summary>
    public static int Int(object? value, Where where, int min = 1, int max = int.MaxValue)
    {
        long n = Integer(value, where);
        if (n < min || n > max)
            throw where.HandlerError(max == int.MaxValue ? $"must be at least {min}, found {n}." : $"must be between {min} and {max}, found {n}.");
        return (int)n;
    }

    /// <summary>A number, whole or not.</summary>
    public static double Number(object? value, Where where) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        bool => throw where.Error($"expected a number, found {Describe(value)}."),
        _ => Integer(value, where),
    };

    /// <summary>A level for a logger or handler: a name (<c>INFO</c>, <c>WARNING</c>…), <c>NOTSET</c> (returned as
    /// null), or one of CPython's numbers (0, 10, 20, 30, 40, 50; 5 for TRACE).</summary>
    public static FemtoLevel? Level(object? value, Where where)
    {
        if (value is string s)
        {
            if (s.Trim().Equals("NOTSET", StringComparison.OrdinalIgnoreCase)) return null;
            if (FemtoLevels.TryParse(s, out var level)) return level;
            throw where.Error($"unknown level '{s}'. Valid levels: {FemtoLevels.ValidNames}, NOTSET.");
        }
        if (value is sbyte or byte or short or ushort or int or uint or long or ulong)
        {
            return Integer(value, where) switch
            {
                0 => null,
                5 => FemtoLevel.Trace,
                10 => FemtoLevel.Debug,
                20 => FemtoLevel.Info,
                30 => FemtoLevel.Warn,
                40 => FemtoLevel.Error,
                50 => FemtoLevel.Critical,
                var n => throw where.Error($"unknown level number {n}. Valid: 0 (NOTSET), 5, 10, 20, 30, 40, 50."),
            };
        }
        throw where.Error($"expected a level name, found {Describe(value)}.");
    }

    /// <summary>How a value is shown in an error: its text and its type.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\" (a string)",
        bool b => b ? "true (a bool)" : "false (a bool)",
        sbyte or byte or short or ushort or int or uint or long or ulong => $"{value} (a number)",
        double or float or decimal => $"{Convert.ToString(value, CultureInfo.InvariantCulture)} (a number)",
        PythonName n => n.Name,
        IDictionary or IEnumerable<KeyValuePair<string, object?>> => "a mapping",
        IEnumerable => "a list",
        _ => $"a {value.GetType().Name}",
    };
}
