namespace Femto.Config;

/// <summary>A handler's options bound to canonical names, with typed reads that name the key (or <c>args[i]</c>) at
/// fault. Absent options read as null, so each handler kind applies only what was given and the builders' defaults
/// stand for the rest.</summary>
internal sealed class HandlerArguments(string className, int positionalCount, IReadOnlyDictionary<string, (object? Value, Where At)> values)
{
    /// <summary>The class as the configuration named it.</summary>
    public string ClassName { get; } = className;

    /// <summary>How many values <c>args</c> held.</summary>
    public int PositionalCount { get; } = positionalCount;

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Where an option was given (only valid when <see cref="Has"/>).</summary>
    public Where At(string name) => values[name].At;

    public object? Raw(string name) => values.TryGetValue(name, out var v) ? v.Value : null;

    /// <summary>Options given, sorted by name (for signatures).</summary>
    public IEnumerable<KeyValuePair<string, object?>> All =>
        values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new KeyValuePair<string, object?>(v.Key, v.Value.Value));

    public string? String(string name) => values.TryGetValue(name, out var v) ? ConfigValues.String(v.Value, v.At) : null;

    /// <summary>A non-empty string.</summary>
    public string? Text(string name)
    {
        var s = String(name);
        if (s is not null && string.IsNullOrWhiteSpace(s)) throw At(name).HandlerError($"'{name}' must not be empty.");
        return s;
    }

    public bool? Bool(string name) => values.TryGetValue(name, out var v) ? ConfigValues.Bool(v.Value, v.At) : null;

    public int? Int(string name, int min = 1, int max = int.MaxValue) =>
        values.TryGetValue(name, out var v) ? ConfigValues.Int(v.Value, v.At, min, max) : null;

    public long? Long(string name, long min)
    {
        if (!values.TryGetValue(name, out var v)) return null;
        long n = ConfigValues.Integer(v.Value, v.At);
        if (n < min) throw v.At.HandlerError($"'{name}' must be at least {min}, found {n}.");
        return n;
    }

    /// <summary>A positive duration in milliseconds.</summary>
    public TimeSpan? Milliseconds(string name) => Int(name) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>A positive duration: seconds as a number, or a <see cref="TimeSpan"/> text (<c>7.00:00:00</c>).</summary>
    public TimeSpan? Duration(string name)
    {
        if (!values.TryGetValue(name, out var v)) return null;
        TimeSpan span = v.Value switch
        {
            TimeSpan t => t,
            string s when TimeSpan.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) => t,
            string s => throw v.At.Error($"'{name}' must be a number of seconds or a duration like 7.00:00:00, found \"{s}\"."),
            var other => TimeSpan.FromSeconds(ConfigValues.Number(other, v.At)),
        };
        if (span <= TimeSpan.Zero) throw v.At.HandlerError($"'{name}' must be positive, found {span}.");
        return span;
    }

    /// <summary>An overflow policy text: <c>drop</c>, <c>block</c> or <c>timeout:N</c>.</summary>
    public OverflowPolicy? Policy(string name)
    {
        var text = String(name);
        if (text is null) return null;
        try { return OverflowPolicy.Parse(text, name); }
        catch (ArgumentException ex) { throw At(name).HandlerError(DictConfigReader.WithoutParameter(ex), ex); }
    }

    public IReadOnlyList<KeyValuePair<string, object?>>? Map(string name, IReadOnlyCollection<string> allowed) =>
        values.TryGetValue(name, out var v) ? ConfigValues.Map(v.Value, v.At, allowed, $"'{name}'") : null;

    /// <summary>An option that Femto accepts only with one value (CPython's <c>delay</c> only false, <c>errors</c>
    /// only None): anything else is rejected naming it.</summary>
    public void OnlyDefault(string name, object? allowed, string why)
    {
        if (!values.TryGetValue(name, out var v) || Equals(v.Value, allowed)) return;
        throw v.At.Error($"'{name}' must be {(allowed is null ? "None/null" : allowed.ToString()!.ToLowerInvariant())}, found {ConfigValues.Describe(v.Value)}: {why}");
    }

    /// <summary>Requires an option.</summary>
    public void Require(string name, Where handlerAt)
    {
        if (!Has(name)) throw handlerAt.Error($"{ClassName} needs '{name}' (in args or kwargs).");
    }
}
