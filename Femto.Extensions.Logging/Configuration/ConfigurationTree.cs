using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Femto.Extensions.Logging;

/// <summary>Reads the <c>Logging:Femto</c> section into the tree <see cref="Femto.Config.FemtoConfig.DictConfig"/>
/// takes. Configuration values are all text, so they are converted first: numeric text to numbers (integers to
/// <see cref="long"/>, others to <see cref="double"/>), <c>true</c>/<c>false</c> (any case) to booleans, sections whose
/// children are keyed 0..n to lists, other sections to dictionaries. The provider's own keys (<c>LogLevel</c>, which
/// Microsoft.Extensions.Logging reads as this provider's filter, <c>IncludeScopes</c> and <c>FlushTimeout</c>) are
/// not part of the tree.</summary>
internal static class ConfigurationTree
{
    private static readonly System.Buffers.SearchValues<char> s_numberChars = System.Buffers.SearchValues.Create("+-.0123456789eE");

    public static readonly string[] ProviderKeys = ["LogLevel", "IncludeScopes", "FlushTimeout"];

    /// <summary>The tree, or null when the section holds nothing but the provider's own keys.</summary>
    public static Dictionary<string, object?>? Read(IConfiguration section)
    {
        var children = section.GetChildren()
            .Where(c => !ProviderKeys.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return children.Count == 0 ? null : Map(children);
    }

    private static Dictionary<string, object?> Map(List<IConfigurationSection> children)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var child in children) map[child.Key] = Value(child);
        return map;
    }

    private static object? Value(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return Scalar(section.Value);
        if (IsList(children))
            return children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(Value).ToList();
        return Map(children);
    }

    /// <summary>Children keyed exactly 0, 1, …, n−1 (how JSON arrays, environment variables <c>__0</c> and command
    /// lines <c>:0</c> appear in configuration).</summary>
    private static bool IsList(List<IConfigurationSection> children)
    {
        var seen = new bool[children.Count];
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= seen.Length || seen[i]) return false;
            seen[i] = true;
        }
        return true;
    }

    public static object? Scalar(string? text)
    {
        if (text is null) return null;
        if (bool.TryParse(text, out bool b)) return b;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            && text.AsSpan().IndexOfAnyExcept(s_numberChars) < 0)
            return d;
        return text;
    }
}
