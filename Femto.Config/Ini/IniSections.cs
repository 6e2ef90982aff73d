using Microsoft.Extensions.Configuration.Ini;

namespace Femto.Config;

/// <summary>An INI file's sections and keys as <c>Microsoft.Extensions.Configuration.Ini</c> reads them, with
/// CPython <c>configparser</c>'s rules on top: keys are case-insensitive, a key missing from a section falls back to
/// <c>[DEFAULT]</c> (which the caller's <c>defaults</c> seed), and <c>%(name)s</c> interpolates from the section and
/// <c>[DEFAULT]</c> (<c>%%</c> is a percent sign).</summary>
internal sealed class IniSections
{
    private const string DefaultSection = "DEFAULT";
    private const int MaxInterpolationDepth = 10;

    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _defaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _path;

    private IniSections(string path) => _path = path;

    /// <exception cref="FemtoConfigException">Malformed or empty file.</exception>
    public static IniSections Parse(string path, string text, IReadOnlyDictionary<string, string>? defaults)
    {
        var ini = new IniSections(path);
        if (string.IsNullOrWhiteSpace(text)) throw new FemtoConfigException($"{path}: the file is empty.");
        IDictionary<string, string?> data;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            data = IniStreamConfigurationProvider.Read(stream);
        }
        catch (FormatException ex)
        {
            throw new FemtoConfigException($"{path}: not a valid INI file: {ex.Message}", ex);
        }
        foreach (var (key, value) in defaults ?? new Dictionary<string, string>())
            ini._defaults[key] = value ?? throw new FemtoConfigException($"defaults: the value of '{key}' is null.");
        foreach (var (fullKey, value) in data)
        {
            int colon = fullKey.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) throw new FemtoConfigException($"{path}: '{fullKey}' is outside any [section].");
            string section = fullKey[..colon], key = fullKey[(colon + 1)..];
            if (section.Equals(DefaultSection, StringComparison.OrdinalIgnoreCase)) ini._defaults[key] = value ?? "";
            else
            {
                if (!ini._sections.TryGetValue(section, out var keys)) ini._sections[section] = keys = new(StringComparer.OrdinalIgnoreCase);
                keys[key] = value ?? "";
            }
        }
        if (ini._sections.Count == 0) throw new FemtoConfigException($"{path}: the file has no sections (a CPython logging file needs at least [loggers] and [logger_root]).");
        return ini;
    }

    public bool Has(string section) => _sections.ContainsKey(section);

    /// <summary>The keys written in the section itself (not inherited from [DEFAULT]).</summary>
    public IEnumerable<string> OwnKeys(string section) => _sections.TryGetValue(section, out var keys) ? keys.Keys : [];

    /// <summary>A key's value: from the section, else [DEFAULT]; interpolated unless <paramref name="raw"/>.</summary>
    public string? Get(string section, string key, bool raw = false)
    {
        string? value = Lookup(section, key);
        return value is null || raw ? value : Interpolate(section, key, value, 0);
    }

    private string? Lookup(string section, string key) =>
        _sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var v) ? v
        : _defaults.TryGetValue(key, out var d) ? d : null;

    private string Interpolate(string section, string key, string value, int depth)
    {
        if (depth > MaxInterpolationDepth)
            throw Error(section, key, $"%(…)s substitution nests deeper than {MaxInterpolationDepth} (a loop?).");
        if (!value.Contains('%')) return value;
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                sb.Append(value[i]);
                continue;
            }
            if (i + 1 < value.Length && value[i + 1] == '%')
            {
                sb.Append('%');
                i++;
                continue;
            }
            int close = i + 1 < value.Length && value[i + 1] == '(' ? value.IndexOf(")s", i + 2, StringComparison.Ordinal) : -1;
            if (close < 0)
                throw Error(section, key, $"'%' must be followed by (name)s or another '%' (write %% for a percent sign): {value}");
            string name = value[(i + 2)..close];
            string replacement = Lookup(section, name)
                ?? throw Error(section, key, $"%({name})s is not defined in [{section}], [DEFAULT] or the defaults passed in.");
            sb.Append(Interpolate(section, name, replacement, depth + 1));
            i = close + 1;
        }
        return sb.ToString();
    }

    private FemtoConfigException Error(string section, string key, string problem) => new($"{_path}: [{section}] {key}: {problem}");
}
