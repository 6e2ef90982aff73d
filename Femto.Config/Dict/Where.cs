namespace Femto.Config;

/// <summary>Where a value sits in a configuration tree (<c>handlers.console.level</c>), rendered the way its source
/// spells it (a dict path, or <c>[handler_console] level</c> for an INI file), so every error names the section
/// and key at fault.</summary>
internal sealed class Where
{
    private readonly Where? _parent;
    private readonly string? _segment;

    private Where(Where? parent, string? segment, LocationStyle style)
    {
        _parent = parent;
        _segment = segment;
        Style = style;
    }

    /// <summary>The top of a tree whose locations render in <paramref name="style"/>.</summary>
    public static Where Top(LocationStyle style) => new(null, null, style);

    public LocationStyle Style { get; }

    /// <summary>The value under <paramref name="key"/>.</summary>
    public Where Key(string key) => new(this, key, Style);

    /// <summary>Item <paramref name="index"/> of a list (rendered <c>[index]</c>).</summary>
    public Where Item(int index) => new(this, "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", Style);

    public IReadOnlyList<string> Segments
    {
        get
        {
            var list = new List<string>();
            for (var w = this; w?._segment is not null; w = w._parent) list.Add(w._segment);
            list.Reverse();
            return list;
        }
    }

    public override string ToString() => Style.Render(Segments);

    /// <summary>A configuration error at this place.</summary>
    public FemtoConfigException Error(string problem, Exception? inner = null) => new(Prefix() + problem, inner);

    /// <summary>A handler misconfiguration at this place.</summary>
    public HandlerConfigException HandlerError(string problem, Exception? inner = null) => new(Prefix() + problem, inner);

    private string Prefix()
    {
        string at = ToString();
        return at.Length == 0 ? "" : at + ": ";
    }
}

/// <summary>How a source names places in its tree.</summary>
internal abstract class LocationStyle
{
    /// <summary>Dotted dict paths: <c>handlers.console.level</c>, <c>loggers['app.db'].handlers[0]</c>.</summary>
    public static LocationStyle Dict { get; } = new DictStyle();

    public abstract string Render(IReadOnlyList<string> path);

    private sealed class DictStyle : LocationStyle
    {
        public override string Render(IReadOnlyList<string> path) => Join(path);
    }

    /// <summary>Joins segments with dots; indexes stick to their key and keys that are not plain names are quoted.</summary>
    public static string Join(IEnumerable<string> path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var s in path)
        {
            if (s.StartsWith('[')) sb.Append(s);
            else if (s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '(' or ')'))
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(s);
            }
            else sb.Append("['").Append(s).Append("']");
        }
        return sb.ToString();
    }
}
