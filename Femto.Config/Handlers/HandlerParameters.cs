namespace Femto.Config;

/// <summary>The parameters a handler class takes in dict/INI configurations: the positional ones in CPython's
/// order (for <c>args</c>), and every keyword with its aliases (CPython's camelCase names beside the snake_case
/// builder options). Binds <c>args</c> and <c>kwargs</c> to canonical names, rejecting unknown keywords, too many
/// positional values, and a value given twice.</summary>
internal sealed class HandlerParameters
{
    private readonly string[] _positional;
    private readonly Dictionary<string, string> _canonical = new(StringComparer.Ordinal);
    private readonly List<string> _accepted = [];

    /// <param name="positional">Canonical names of the positional parameters, in order.</param>
    /// <param name="keywords">Every canonical keyword (positional ones included), each optionally with aliases:
    /// <c>"backup_count|backupCount"</c>.</param>
    public HandlerParameters(string[] positional, params string[] keywords)
    {
        _positional = positional;
        foreach (var spec in keywords)
        {
            var names = spec.Split('|');
            foreach (var name in names)
            {
                _canonical.Add(name, names[0]);
                _accepted.Add(name);
            }
        }
        foreach (var p in positional)
            if (!_canonical.ContainsKey(p)) throw new InvalidOperationException($"positional parameter '{p}' is not a keyword");
    }

    /// <summary>Binds positional <paramref name="args"/> and keyword <paramref name="kwargs"/>.</summary>
    /// <param name="className">The class as the configuration named it, for messages.</param>
    /// <param name="args">Positional values.</param>
    /// <param name="argsAt">Where <c>args</c> is.</param>
    /// <param name="kwargs">Keyword values, each with where it is.</param>
    public HandlerArguments Bind(string className, IReadOnlyList<object?> args, Where argsAt,
        IEnumerable<(string Key, object? Value, Where At)> kwargs)
    {
        if (args.Count > _positional.Length)
            throw argsAt.Error(_positional.Length == 0
                ? $"{className} takes no positional arguments, got {args.Count}."
                : $"{className} takes at most {_positional.Length} positional arguments ({string.Join(", ", _positional)}), got {args.Count}.");
        var bound = new Dictionary<string, (object? Value, Where At, string GivenAs)>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++) bound[_positional[i]] = (args[i], argsAt.Item(i), Positionally(i));
        foreach (var (key, value, at) in kwargs)
        {
            if (!_canonical.TryGetValue(key, out var name))
                throw at.Error($"unknown option '{key}' for {className}. Accepted: {string.Join(", ", _accepted)}.");
            if (bound.TryGetValue(name, out var earlier))
                throw at.Error($"'{name}' is given twice: {earlier.GivenAs} and as '{key}'.");
            bound[name] = (value, at, $"as '{key}'");
        }
        return new HandlerArguments(className, args.Count,
            bound.ToDictionary(b => b.Key, b => (b.Value.Value, b.Value.At), StringComparer.Ordinal));
    }

    private static string Positionally(int i) => $"positionally (args[{i}])";
}
