using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Femto;

/// <summary>A parsed message template such as <c>"Hello, {Name} lives in {City}"</c>. Holes are
/// <c>{Name}</c>, <c>{0}</c>, <c>{Name:format}</c>, <c>{Name,alignment}</c> (a leading <c>@</c> or <c>$</c> is ignored);
/// <c>{{</c> and <c>}}</c> are literal braces. Named holes take arguments in order; when every hole is a number,
/// holes take arguments by index.</summary>
internal sealed class MessageTemplate
{
    private const int MaxCached = 4096;
    private const int MaxCachedLength = 4096;
    /// <summary>Positional holes above this index make the template malformed: it is written as it stands.</summary>
    public const int MaxArgIndex = 1023;
    private static readonly ConcurrentDictionary<string, MessageTemplate> s_cache = new(StringComparer.Ordinal);

    // A small per-thread cache keyed by reference: the same call site passes the same interned string.
    [ThreadStatic] private static MessageTemplate?[]? t_recent;

    public readonly string Text;
    public readonly Segment[] Segments;
    /// <summary>Name of each argument position, or null where no hole names it.</summary>
    public readonly string?[] ArgNames;

    private MessageTemplate(string text, Segment[] segments, string?[] argNames)
    {
        Text = text;
        Segments = segments;
        ArgNames = argNames;
    }

    internal readonly record struct Segment(string? Literal, string? Name, int ArgIndex, string? Format, int Alignment, string RawHole)
    {
        /// <summary>The literal as UTF-8, escaped for text output (encoded once, copied per record).</summary>
        public byte[]? EscapedUtf8 { get; init; }

        /// <summary>The literal as UTF-8, unescaped (JSON and MessagePack escape or carry text themselves).</summary>
        public byte[]? RawUtf8 { get; init; }
    }

    private static Segment LiteralSegment(string text)
    {
        var escaped = new FemtoBuffer(text.Length * 3 + 16);
        escaped.WriteText(text, escape: true);
        return new Segment(text, null, -1, null, 0, "")
        {
            EscapedUtf8 = escaped.WrittenSpan.ToArray(),
            RawUtf8 = System.Text.Encoding.UTF8.GetBytes(text),
        };
    }

    public static MessageTemplate Get(string text)
    {
        var recent = t_recent ??= new MessageTemplate?[64];
        int slot = RuntimeHelpers.GetHashCode(text) & 63;
        var hit = recent[slot];
        if (hit is not null && ReferenceEquals(hit.Text, text)) return hit;
        if (!s_cache.TryGetValue(text, out hit))
        {
            hit = Parse(text);
            // Bounded: at most MaxCached templates, none longer than MaxCachedLength (the cache keeps its keys).
            if (s_cache.Count < MaxCached && text.Length <= MaxCachedLength) s_cache.TryAdd(text, hit);
        }
        recent[slot] = hit;
        return hit;
    }

    public static MessageTemplate Parse(string text)
    {
        var segments = new List<Segment>();
        var literal = new System.Text.StringBuilder();
        var holes = new List<(string Name, string? Format, int Alignment, string Raw)>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i += 2; continue; }
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i += 2; continue; }
            if (c == '{')
            {
                int close = text.IndexOf('}', i + 1);
                if (close > i + 1 && TryParseHole(text.AsSpan(i + 1, close - i - 1), out var hole))
                {
                    if (literal.Length > 0) { segments.Add(LiteralSegment(literal.ToString())); literal.Clear(); }
                    holes.Add((hole.Name, hole.Format, hole.Alignment, text[i..(close + 1)]));
                    segments.Add(default); // placeholder, resolved below
                    i = close + 1;
                    continue;
                }
            }
            literal.Append(c);
            i++;
        }
        if (literal.Length > 0) segments.Add(LiteralSegment(literal.ToString()));

        bool positional = holes.Count > 0 && holes.TrueForAll(h => int.TryParse(h.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        // A positional hole beyond any real argument list ({10000000}, {2147483647}) would size arrays by it: such a
        // template is malformed and written as it stands (arguments still travel as values).
        if (positional && holes.Exists(h => int.Parse(h.Name, CultureInfo.InvariantCulture) > MaxArgIndex))
            return new MessageTemplate(text, [LiteralSegment(text)], []);
        var result = new Segment[segments.Count];
        int holeIndex = 0, argCount = 0;
        var names = new Dictionary<int, string>();
        for (int s = 0; s < segments.Count; s++)
        {
            if (segments[s].Literal is not null) { result[s] = segments[s]; continue; }
            var h = holes[holeIndex];
            int arg = positional ? int.Parse(h.Name, CultureInfo.InvariantCulture) : holeIndex;
            holeIndex++;
            argCount = Math.Max(argCount, arg + 1);
            names.TryAdd(arg, h.Name);
            result[s] = new Segment(null, h.Name, arg, h.Format, h.Alignment, h.Raw);
        }
        var argNames = new string?[argCount];
        foreach (var (k, v) in names) argNames[k] = v;
        return new MessageTemplate(text, result, argNames);
    }

    private static bool TryParseHole(ReadOnlySpan<char> hole, out (string Name, string? Format, int Alignment) parsed)
    {
        parsed = default;
        if (hole.Length > 0 && (hole[0] == '@' || hole[0] == '$')) hole = hole[1..];
        string? format = null;
        int alignment = 0;
        int colon = hole.IndexOf(':');
        if (colon >= 0) { format = hole[(colon + 1)..].ToString(); hole = hole[..colon]; }
        int comma = hole.IndexOf(',');
        if (comma >= 0)
        {
            if (!int.TryParse(hole[(comma + 1)..].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out alignment)) return false;
            hole = hole[..comma];
        }
        if (hole.IsEmpty) return false;
        foreach (char ch in hole)
            if (!(char.IsLetterOrDigit(ch) || ch == '_' || ch == '.')) return false;
        parsed = (hole.ToString(), format, alignment);
        return true;
    }
}
