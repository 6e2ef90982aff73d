using System.Text;

namespace Femto.Extensions.Logging;

/// <summary>Maps a Microsoft.Extensions.Logging category to a Femto logger name: <c>Ns.Outer+Inner</c> →
/// <c>Ns.Outer.Inner</c>; generic arity (<c>`1</c>) and bracketed generic arguments (<c>[...]</c>, <c>&lt;...&gt;</c>)
/// removed with their content; empty and whitespace-only segments dropped; a name left empty is the root.</summary>
internal static class CategoryNames
{
    public static string ToLoggerName(string? category)
    {
        if (string.IsNullOrEmpty(category)) return "root";
        var name = new StringBuilder(category.Length);
        int depth = 0;
        for (int i = 0; i < category.Length; i++)
        {
            char c = category[i];
            switch (c)
            {
                case '[' or '<':
                    depth++;
                    continue;
                case ']' or '>':
                    if (depth > 0) depth--;
                    continue;
            }
            if (depth > 0) continue;
            if (c == '`')
            {
                while (i + 1 < category.Length && char.IsAsciiDigit(category[i + 1])) i++; // the arity
                continue;
            }
            name.Append(c == '+' ? '.' : c);
        }
        var segments = name.ToString().Split('.').Where(s => !string.IsNullOrWhiteSpace(s));
        string joined = string.Join('.', segments);
        return joined.Length == 0 ? "root" : joined;
    }
}
