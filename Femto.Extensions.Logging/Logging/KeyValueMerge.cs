namespace Femto.Extensions.Logging;

/// <summary>Worker: gathers a call's named values, then its scopes' (innermost first), keeping the first value of
/// each key (so the call's own win, then inner scopes), with scopes that are not key-values collected under
/// <c>scope</c> (outermost first); then writes them into the record, unboxing common value types so JSON and
/// MessagePack keep them as numbers and booleans. One instance per worker thread, reused.</summary>
internal sealed class KeyValueMerge
{
    public const string OriginalFormat = "{OriginalFormat}";
    public const string ScopeKey = "scope";

    [ThreadStatic] private static KeyValueMerge? t_current;

    private readonly List<KeyValuePair<string, object?>> _values = [];
    private readonly List<string> _scopeTexts = [];

    /// <summary>This thread's instance, emptied.</summary>
    public static KeyValueMerge ForThisThread()
    {
        var merge = t_current ??= new KeyValueMerge();
        merge._values.Clear();
        merge._scopeTexts.Clear();
        return merge;
    }

    /// <summary>Adds <paramref name="value"/> unless the key is already there or is <c>{OriginalFormat}</c>;
    /// <c>@name</c> and <c>$name</c> (capturing operators) are carried as <c>name</c>.</summary>
    public void Add(string key, object? value)
    {
        if (key == OriginalFormat) return;
        if (key.Length > 1 && key[0] is '@' or '$') key = key[1..];
        foreach (var kv in _values)
            if (kv.Key == key) return;
        _values.Add(new(key, value));
    }

    /// <summary>The named values of a state or scope: a list or sequence of key-values; false for anything else.</summary>
    public bool AddState<TState>(TState state)
    {
        switch (state)
        {
            case IReadOnlyList<KeyValuePair<string, object?>> list:
                for (int i = 0; i < list.Count; i++) Add(list[i].Key, list[i].Value);
                return true;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var kv in pairs) Add(kv.Key, kv.Value);
                return true;
            case IEnumerable<KeyValuePair<string, string?>> strings:
                foreach (var kv in strings) Add(kv.Key, kv.Value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A scope: its key-values, or its text under <c>scope</c>.</summary>
    public void AddScope(object? scope)
    {
        if (scope is null || AddState(scope)) return;
        _scopeTexts.Add(scope.ToString() ?? "");
    }

    public void WriteTo(FemtoContentWriter record)
    {
        if (_scopeTexts.Count > 0)
        {
            _scopeTexts.Reverse(); // gathered innermost first; shown outermost first
            Add(ScopeKey, _scopeTexts.ToArray());
        }
        foreach (var (key, value) in _values) Write(record, key, value);
    }

    private static void Write(FemtoContentWriter record, string key, object? value)
    {
        switch (value)
        {
            case string s: record.AddKeyValue(key, s); break;
            case int v: record.AddKeyValue(key, v); break;
            case long v: record.AddKeyValue(key, v); break;
            case double v: record.AddKeyValue(key, v); break;
            case bool v: record.AddKeyValue(key, v); break;
            case float v: record.AddKeyValue(key, v); break;
            case short v: record.AddKeyValue(key, v); break;
            case byte v: record.AddKeyValue(key, v); break;
            case sbyte v: record.AddKeyValue(key, v); break;
            case ushort v: record.AddKeyValue(key, v); break;
            case uint v: record.AddKeyValue(key, v); break;
            case ulong v: record.AddKeyValue(key, v); break;
            case decimal v: record.AddKeyValue(key, v); break;
            case Guid v: record.AddKeyValue(key, v); break;
            case DateTime v: record.AddKeyValue(key, v); break;
            case DateTimeOffset v: record.AddKeyValue(key, v); break;
            case TimeSpan v: record.AddKeyValue(key, v); break;
            default: record.AddKeyValue(key, value); break;
        }
    }
}
