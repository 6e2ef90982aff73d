namespace Femto.Extensions.Logging;

/// <summary>Worker: gathers a call's named values, then its scopes' (innermost first), keeping the first value of
/// each key (so the call's own win, then inner scopes), with scopes that are not key-values collected under
/// <c>scope</c> (outermost first); then writes them into the record, unboxing common value types so JSON and
/// MessagePack keep them as numbers and booleans. A template's own values are written as message values (text
/// formatters do not repeat them after the message), the rest as key-values. One instance per worker thread, reused.</summary>
internal sealed class KeyValueMerge
{
    public const string OriginalFormat = "{OriginalFormat}";
    public const string ScopeKey = "scope";

    [ThreadStatic] private static KeyValueMerge? t_current;

    private readonly List<KeyValuePair<string, object?>> _values = [];
    private readonly List<string> _scopeTexts = [];
    private int _messageValues;
    private bool _sawTemplate;
    private string? _template;

    /// <summary>This thread's instance, emptied.</summary>
    public static KeyValueMerge ForThisThread()
    {
        var merge = t_current ??= new KeyValueMerge();
        merge._values.Clear();
        merge._scopeTexts.Clear();
        merge._messageValues = 0;
        merge._template = null;
        return merge;
    }

    /// <summary>Adds <paramref name="value"/> unless the key is already there or is <c>{OriginalFormat}</c>;
    /// <c>@name</c> and <c>$name</c> (capturing operators) are carried as <c>name</c>.</summary>
    public void Add(string key, object? value)
    {
        if (key == OriginalFormat)
        {
            _sawTemplate = true;
            _template = value as string;
            return;
        }
        if (key.Length > 1 && key[0] is '@' or '$') key = key[1..];
        foreach (var kv in _values)
            if (kv.Key == key) return;
        _values.Add(new(key, value));
    }

    /// <summary>The call's own state: its named values, which the message shows when the state is a template
    /// (carries <c>{OriginalFormat}</c>).</summary>
    public void AddCallState<TState>(TState state)
    {
        _sawTemplate = false;
        if (StateReader<TState>.Read(state, this) && _sawTemplate) _messageValues = _values.Count;
    }

    /// <summary>The call's template when Femto renders it exactly as Microsoft.Extensions.Logging would (see
    /// <see cref="TemplateHoles"/>): every hole has its value, in order, and no value is null or a list. Null otherwise.</summary>
    public string? FemtoRenderableTemplate()
    {
        if (_template is null || TemplateHoles.Of(_template) is not { } holes || holes.Length != _messageValues) return null;
        for (int i = 0; i < holes.Length; i++)
        {
            var (key, value) = _values[i];
            if (key != holes[i] || value is null || (value is System.Collections.IEnumerable && value is not string)) return null;
        }
        return _template;
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
        for (int i = 0; i < _values.Count; i++)
        {
            var (key, value) = _values[i];
            Write(record, key, value, inMessage: i < _messageValues);
        }
    }

    private static void Put<T>(FemtoContentWriter record, string key, T value, bool inMessage)
    {
        if (inMessage) record.AddMessageValue(key, value);
        else record.AddKeyValue(key, value);
    }

    private static void Write(FemtoContentWriter record, string key, object? value, bool inMessage)
    {
        switch (value)
        {
            case string s: Put(record, key, s, inMessage); break;
            case int v: Put(record, key, v, inMessage); break;
            case long v: Put(record, key, v, inMessage); break;
            case double v: Put(record, key, v, inMessage); break;
            case bool v: Put(record, key, v, inMessage); break;
            case float v: Put(record, key, v, inMessage); break;
            case short v: Put(record, key, v, inMessage); break;
            case byte v: Put(record, key, v, inMessage); break;
            case sbyte v: Put(record, key, v, inMessage); break;
            case ushort v: Put(record, key, v, inMessage); break;
            case uint v: Put(record, key, v, inMessage); break;
            case ulong v: Put(record, key, v, inMessage); break;
            case decimal v: Put(record, key, v, inMessage); break;
            case Guid v: Put(record, key, v, inMessage); break;
            case DateTime v: Put(record, key, v, inMessage); break;
            case DateTimeOffset v: Put(record, key, v, inMessage); break;
            case TimeSpan v: Put(record, key, v, inMessage); break;
            default: Put(record, key, value, inMessage); break;
        }
    }
}
