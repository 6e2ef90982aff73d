using System.Collections.Concurrent;

namespace Femto.Extensions.Logging;

/// <summary>Whether a Microsoft.Extensions.Logging message template renders the same through Femto's own template
/// renderer, and the names of its holes. Only plain templates qualify: holes named like identifiers (a leading
/// <c>@</c> or <c>$</c> allowed, not all digits), an optional integer alignment and a format without braces, braces
/// elsewhere only doubled. For those both renderers find the same holes in the same order and format each value the
/// same way (invariant culture, <see cref="IFormattable"/> with the hole's format, alignment padding), so Femto can
/// render the message on its worker straight to UTF-8 instead of calling the state's formatter (a string per record).
/// Anything else, and null or list values, which MEL renders as <c>(null)</c> and <c>a, b</c>, keep the formatter.</summary>
internal static class TemplateHoles
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, string[]?> s_cache = new(StringComparer.Ordinal);

    /// <summary>The hole names (without <c>@</c>/<c>$</c>) of a plain template; null when it does not qualify.</summary>
    public static string[]? Of(string template)
    {
        if (s_cache.TryGetValue(template, out var names)) return names;
        names = Parse(template);
        if (s_cache.Count < MaxCached && template.Length <= 4096) s_cache.TryAdd(template, names);
        return names;
    }

    private static string[]? Parse(string t)
    {
        var names = new List<string>();
        for (int i = 0; i < t.Length; i++)
        {
            char c = t[i];
            if (c == '}')
            {
                if (i + 1 < t.Length && t[i + 1] == '}') { i++; continue; }
                return null; // a lone '}'
            }
            if (c != '{') continue;
            if (i + 1 < t.Length && t[i + 1] == '{') { i++; continue; }
            int close = t.IndexOf('}', i + 1);
            if (close < 0) return null;
            var hole = t.AsSpan(i + 1, close - i - 1);
            if (hole.Contains('{')) return null;
            int colon = hole.IndexOf(':');
            var head = colon >= 0 ? hole[..colon] : hole;
            int comma = head.IndexOf(',');
            if (comma >= 0)
            {
                if (!int.TryParse(head[(comma + 1)..].Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)) return null;
                head = head[..comma];
            }
            if (head.Length > 0 && head[0] is '@' or '$') head = head[1..];
            if (!IsIdentifier(head)) return null;
            names.Add(head.ToString());
            i = close;
        }
        return [.. names];
    }

    private static bool IsIdentifier(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (char ch in name)
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_')) return false;
        return true;
    }
}
