using System.Globalization;

namespace Femto.Config;

/// <summary>Parses a CPython logging format string — <c>%</c> style (<c>%(asctime)s %(levelname)-8s</c>), <c>{</c>
/// style (<c>{asctime} {levelname:&lt;8}</c>) or <c>$</c> style (<c>$asctime ${message}</c>) — into literal text and
/// fields. A field Femto records do not have is rejected naming it (unless <c>defaults</c> names it), with a
/// <see cref="FormatException"/>.</summary>
internal static class PatternParser
{
    /// <summary>A piece of the pattern: literal text, or a field with its spec.</summary>
    public readonly record struct Piece(string? Literal, PatternFieldKind Kind, string Field, FieldSpec Spec);

    public static List<Piece> Parse(string format, char style, ICollection<string> customFields) => style switch
    {
        '%' => ParsePercent(format, customFields),
        '{' => ParseBrace(format, customFields),
        '$' => ParseDollar(format, customFields),
        _ => throw new FormatException($"style must be '%', '{{' or '$', found '{style}'."),
    };

    private static List<Piece> ParsePercent(string f, ICollection<string> custom)
    {
        var pieces = new List<Piece>();
        var literal = new System.Text.StringBuilder();
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] != '%')
            {
                literal.Append(f[i]);
                continue;
            }
            if (i + 1 < f.Length && f[i + 1] == '%')
            {
                literal.Append('%');
                i++;
                continue;
            }
            if (i + 1 >= f.Length || f[i + 1] != '(')
                throw Bad(f, $"'%' at position {i + 1} must start a field like %(message)s or be doubled (%%)");
            int close = f.IndexOf(')', i + 2);
            if (close < 0) throw Bad(f, $"the field at position {i + 1} has no closing ')'");
            string name = f[(i + 2)..close];
            int j = close + 1;
            bool left = false, zero = false;
            char sign = '-';
            while (j < f.Length && f[j] is '-' or '0' or '+' or ' ' or '#')
            {
                switch (f[j])
                {
                    case '-': left = true; break;
                    case '0': zero = true; break;
                    case '+': sign = '+'; break;
                    case ' ': if (sign != '+') sign = ' '; break;
                    default: throw Bad(f, $"the '#' flag of %({name}) is not supported");
                }
                j++;
            }
            int width = ReadInt(f, ref j);
            int precision = -1;
            if (j < f.Length && f[j] == '.')
            {
                j++;
                precision = ReadInt(f, ref j);
            }
            while (j < f.Length && f[j] is 'h' or 'l' or 'L') j++; // C length modifiers: Python ignores them
            if (j >= f.Length) throw Bad(f, $"%({name}) has no conversion character (such as s or d)");
            char conversion = f[j] switch
            {
                's' => 's',
                'r' or 'a' => 'r',
                'd' or 'i' or 'u' => 'd',
                'f' or 'F' => 'f',
                var c => throw Bad(f, $"conversion '%{c}' of %({name}) is not supported (use s, r, d, i or f)"),
            };
            Flush(pieces, literal);
            pieces.Add(Field(f, name, new FieldSpec(conversion, width, precision, left ? '<' : '>', ' ', sign, zero && !left), custom));
            i = j;
        }
        Flush(pieces, literal);
        return pieces;
    }

    private static List<Piece> ParseBrace(string f, ICollection<string> custom)
    {
        var pieces = new List<Piece>();
        var literal = new System.Text.StringBuilder();
        for (int i = 0; i < f.Length; i++)
        {
            char c = f[i];
            if (c == '}')
            {
                if (i + 1 < f.Length && f[i + 1] == '}') { literal.Append('}'); i++; continue; }
                throw Bad(f, $"single '}}' at position {i + 1} (write '}}}}' for a literal brace)");
            }
            if (c != '{') { literal.Append(c); continue; }
            if (i + 1 < f.Length && f[i + 1] == '{') { literal.Append('{'); i++; continue; }
            int close = f.IndexOf('}', i + 1);
            if (close < 0) throw Bad(f, $"the field at position {i + 1} has no closing '}}'");
            string body = f[(i + 1)..close];
            if (body.Contains('{')) throw Bad(f, $"nested fields in '{{{body}}}' are not supported");
            string spec = "";
            int colon = body.IndexOf(':');
            if (colon >= 0) { spec = body[(colon + 1)..]; body = body[..colon]; }
            char conversion = 's';
            int bang = body.IndexOf('!');
            if (bang >= 0)
            {
                string conv = body[(bang + 1)..];
                conversion = conv switch { "s" => 's', "r" or "a" => 'r', _ => throw Bad(f, $"conversion '!{conv}' is not supported (use !s or !r)") };
                body = body[..bang];
            }
            Flush(pieces, literal);
            pieces.Add(Field(f, body, ParseFormatSpec(f, body, spec, conversion), custom));
            i = close;
        }
        Flush(pieces, literal);
        return pieces;
    }

    /// <summary>Python's format-spec: <c>[[fill]align][sign][0][width][.precision][type]</c>.</summary>
    private static FieldSpec ParseFormatSpec(string f, string name, string spec, char conversion)
    {
        int j = 0;
        char fill = ' ', align = '\0', sign = '-';
        bool zero = false;
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=') { fill = spec[0]; align = spec[1]; j = 2; }
        else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=') { align = spec[0]; j = 1; }
        if (j < spec.Length && spec[j] is '+' or '-' or ' ') sign = spec[j++];
        if (j < spec.Length && spec[j] == '0') { zero = true; j++; }
        int width = ReadInt(spec, ref j);
        int precision = -1;
        if (j < spec.Length && spec[j] == '.') { j++; precision = ReadInt(spec, ref j); }
        char type = j < spec.Length ? spec[j++] : '\0';
        if (j != spec.Length) throw Bad(f, $"format spec ':{spec}' of {{{name}}} is not supported");
        char conv = type switch
        {
            '\0' => conversion,
            's' => 's',
            'd' => 'd',
            'f' or 'F' => 'f',
            _ => throw Bad(f, $"format type '{type}' of {{{name}}} is not supported (use s, d or f)"),
        };
        if (align == '=') { align = '>'; zero = true; }
        if (zero && align == '\0') { align = '>'; fill = '0'; zero = false; }
        return new FieldSpec(conv, width, precision, align, fill, sign, zero);
    }

    private static List<Piece> ParseDollar(string f, ICollection<string> custom)
    {
        var pieces = new List<Piece>();
        var literal = new System.Text.StringBuilder();
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] != '$') { literal.Append(f[i]); continue; }
            if (i + 1 < f.Length && f[i + 1] == '$') { literal.Append('$'); i++; continue; }
            string name;
            if (i + 1 < f.Length && f[i + 1] == '{')
            {
                int close = f.IndexOf('}', i + 2);
                if (close < 0) throw Bad(f, $"the field at position {i + 1} has no closing '}}'");
                name = f[(i + 2)..close];
                i = close;
            }
            else
            {
                int j = i + 1;
                while (j < f.Length && (char.IsAsciiLetterOrDigit(f[j]) || f[j] == '_')) j++;
                name = f[(i + 1)..j];
                if (name.Length == 0) throw Bad(f, $"'$' at position {i + 1} must start a field like $message or be doubled ($$)");
                i = j - 1;
            }
            Flush(pieces, literal);
            pieces.Add(Field(f, name, FieldSpec.Plain, custom));
        }
        Flush(pieces, literal);
        return pieces;
    }

    private static Piece Field(string format, string name, FieldSpec spec, ICollection<string> custom)
    {
        PatternFieldKind kind;
        if (PatternFields.ByName.TryGetValue(name, out var known)) kind = known;
        else if (custom.Contains(name)) kind = PatternFieldKind.KeyValue;
        else if (PatternFields.Unsupported.TryGetValue(name, out var why)) throw Bad(format, $"the field '{name}' is not available in Femto ({why})");
        else throw Bad(format, $"the field '{name}' is not available in Femto. Fields: {PatternFields.KnownList}; " +
                               "or name it in the formatter's 'defaults' to show the record's key-value of that name");
        if (spec.IsNumericConversion && !PatternFields.IsNumeric(kind))
            throw Bad(format, $"'{name}' is text; conversion '{spec.Conversion}' needs a number");
        return new Piece(null, kind, name, spec);
    }

    private static int ReadInt(string s, ref int j)
    {
        int start = j;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        return j == start ? (s.Length > j && s[j] == '*' ? throw new FormatException("'*' widths are not supported.") : 0)
            : int.Parse(s.AsSpan(start, j - start), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static void Flush(List<Piece> pieces, System.Text.StringBuilder literal)
    {
        if (literal.Length == 0) return;
        pieces.Add(new Piece(literal.ToString(), default, "", FieldSpec.Plain));
        literal.Clear();
    }

    private static FormatException Bad(string format, string problem) => new($"format '{format}': {problem}.");
}
