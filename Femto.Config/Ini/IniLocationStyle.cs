namespace Femto.Config;

/// <summary>Names places in a configuration read from an INI file the way the file spells them:
/// <c>[handler_console] args[0]</c>, <c>[logger_parser] level</c> (loggers by their section, not their qualname).</summary>
internal sealed class IniLocationStyle(string path, IReadOnlyDictionary<string, string> sectionOfLogger) : LocationStyle
{
    public override string Render(IReadOnlyList<string> segments)
    {
        if (segments.Count == 0) return path;
        string head = segments[0];
        string? section = head switch
        {
            "root" => "logger_root",
            "handlers" when segments.Count > 1 => "handler_" + segments[1],
            "formatters" when segments.Count > 1 => "formatter_" + segments[1],
            "filters" when segments.Count > 1 => "filter_" + segments[1],
            "loggers" when segments.Count > 1 => "logger_" + (sectionOfLogger.TryGetValue(segments[1], out var key) ? key : segments[1]),
            _ => null,
        };
        if (section is null) return $"{path}: [{head}] keys";
        int rest = head == "root" ? 1 : 2;
        string key2 = Join(segments.Skip(rest));
        return key2.Length == 0 ? $"{path}: [{section}]" : $"{path}: [{section}] {key2}";
    }
}
