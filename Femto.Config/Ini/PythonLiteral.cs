using System.Globalization;
using System.Text;

namespace Femto.Config;

/// <summary>Parses the Python literals CPython's <c>fileConfig</c> would <c>eval</c> in <c>args=</c>, <c>kwargs=</c> and
/// formatter <c>defaults=</c> — without evaluating anything. Accepted: strings (quotes, triple quotes, <c>r</c>/<c>u</c>
/// prefixes, escapes, adjacent strings joined), integers (decimal, <c>0x</c>/<c>0o</c>/<c>0b</c>, underscores), floats,
/// <c>True</c>/<c>False</c>/<c>None</c>, tuples, lists and dicts of these, <c>sys.stdout</c>/<c>sys.stderr</c> (as
/// <see cref="PythonName"/>) and <c>handlers.DEFAULT_TCP_LOGGING_PORT</c> (9020). Anything else — other names,
/// calls, operators, bytes, f-strings — is rejected with the position and what was found.</summary>
/// <remarks>Results: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, null,
/// <see cref="List{T}"/> of object (tuples and lists alike), <see cref="Dictionary{TKey, TValue}"/> with string keys,
/// <see cref="PythonName"/>.</remarks>
internal sealed class PythonLiteral
{
    /// <summary>CPython's <c>logging.handlers.DEFAULT_TCP_LOGGING_PORT</c>.</summary>
    public const int DefaultTcpLoggingPort = 9020;

    private const int MaxDepth = 32;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; a top-level <c>a, b</c> is a tuple, as Python reads it.</summary>
    /// <exception cref="FormatException">Not a literal; the message says where and why.</exception>
    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new PythonLiteral(text);
        p.SkipSpace();
        if (p.AtEnd) throw new FormatException("empty literal");
        var first = p.ParseValue();
        p.SkipSpace();
        if (!p.AtEnd && p.Peek == ',')
        {
            var items = new List<object?> { first };
            while (!p.AtEnd && p.Peek == ',')
            {
                p._pos++;
                p.SkipSpace();
                if (p.AtEnd) break;
                items.Add(p.ParseValue());
                p.SkipSpace();
            }
            first = items;
        }
        if (!p.AtEnd) throw p.Error($"unexpected '{p.Peek}'");
        return first;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Peek => _text[_pos];

    private FormatException Error(string what) => new($"{what} at position {_pos + 1}");

    private void SkipSpace()
    {
        while (!AtEnd)
        {
            char c = Peek;
            if (c == '#') // a comment runs to the end of the line
            {
                while (!AtEnd && Peek != '\n') _pos++;
            }
            else if (char.IsWhiteSpace(c) || (c == '\\' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n'))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private object? ParseValue()
    {
        SkipSpace();
        if (AtEnd) throw Error("value expected");
        if (++_depth > MaxDepth) throw Error($"nested deeper than {MaxDepth}");
        try
        {
            char c = Peek;
            return c switch
            {
                '(' => ParseSequence(')', tuple: true),
                '[' => ParseSequence(']', tuple: false),
                '{' => ParseDict(),
                '\'' or '"' => ParseStrings(),
                '-' or '+' => ParseSigned(),
                _ when char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])) => ParseNumber(),
                _ when IsNameStart(c) => ParseNameOrPrefixedString(),
                _ => throw Error($"unexpected '{c}'"),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private object? ParseSequence(char close, bool tuple)
    {
        _pos++; // opening bracket
        var items = new List<object?>();
        bool sawComma = false;
        while (true)
        {
            SkipSpace();
            if (AtEnd) throw Error($"missing '{close}'");
            if (Peek == close)
            {
                _pos++;
                break;
            }
            items.Add(ParseValue());
            SkipSpace();
            if (AtEnd) throw Error($"missing '{close}'");
            if (Peek == ',')
            {
                _pos++;
                sawComma = true;
                continue;
            }
            if (Peek != close) throw Error($"expected ',' or '{close}', found '{Peek}'");
        }
        // (x) is x in parentheses, not a tuple; (x,) and () are tuples.
        return tuple && items.Count == 1 && !sawComma ? items[0] : items;
    }

    private Dictionary<string, object?> ParseDict()
    {
        _pos++;
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (AtEnd) throw Error("missing '}'");
            if (Peek == '}')
            {
                _pos++;
                return map;
            }
            int keyAt = _pos;
            var key = ParseValue();
            if (key is not string name)
            {
                _pos = keyAt;
                throw Error($"dict keys must be strings, found {Describe(key)}");
            }
            SkipSpace();
            if (AtEnd || Peek != ':')
            {
                if (!AtEnd && Peek is ',' or '}') throw Error("sets are not supported; expected ':'");
                throw Error("expected ':'");
            }
            _pos++;
            var value = ParseValue();
            if (!map.TryAdd(name, value))
            {
                _pos = keyAt;
                throw Error($"duplicate key '{name}'");
            }
            SkipSpace();
            if (AtEnd) throw Error("missing '}'");
            if (Peek == ',') _pos++;
            else if (Peek != '}') throw Error($"expected ',' or '}}', found '{Peek}'");
        }
    }

    private object ParseSigned()
    {
        bool negative = Peek == '-';
        _pos++;
        SkipSpace();
        if (AtEnd || !(char.IsAsciiDigit(Peek) || Peek == '.')) throw Error("a number must follow the sign");
        var n = ParseNumber();
        return !negative ? n : n switch
        {
            long l => (object)(-l),
            double d => (object)(-d),
            _ => n,
        };
    }

    private object ParseNumber()
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '.'
                          || (Peek is '+' or '-' && _pos > start && _text[_pos - 1] is 'e' or 'E' && !IsRadixPrefixed(start))))
            _pos++;
        string raw = _text[start.._pos];
        string token = raw.Replace("_", "", StringComparison.Ordinal);
        if (raw.Contains("__", StringComparison.Ordinal) || raw.EndsWith('_')) throw BadNumber(start, raw);
        if (token.Length > 2 && token[0] == '0' && char.ToLowerInvariant(token[1]) is 'x' or 'o' or 'b')
        {
            int radix = char.ToLowerInvariant(token[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            try { return checked((long)Convert.ToUInt64(token[2..], radix)); }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException) { throw BadNumber(start, raw); }
        }
        if (token.EndsWith('j') || token.EndsWith('J')) { _pos = start; throw Error("complex numbers are not supported"); }
        bool isFloat = token.Contains('.') || token.Contains('e') || token.Contains('E');
        if (!isFloat)
        {
            if (token.Length > 1 && token[0] == '0' && token.Any(c => c != '0')) throw BadNumber(start, raw); // Python 3 has no 017
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long l)) return l;
            throw BadNumber(start, raw);
        }
        if (double.TryParse(token, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double d)
            && double.IsFinite(d)) return d;
        throw BadNumber(start, raw);
    }

    private bool IsRadixPrefixed(int start) =>
        _pos - start >= 2 && _text[start] == '0' && char.ToLowerInvariant(_text[start + 1]) is 'x' or 'o' or 'b';

    private FormatException BadNumber(int start, string raw)
    {
        _pos = start;
        return Error($"'{raw}' is not a valid number");
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private object? ParseNameOrPrefixedString()
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_')) _pos++;
        string word = _text[start.._pos];
        if (!AtEnd && Peek is '\'' or '"')
        {
            string prefix = word.ToLowerInvariant();
            if (prefix is "r" or "u") return ParseStrings(prefix == "r");
            _pos = start;
            throw Error(prefix.Contains('b') ? "bytes literals are not supported" : prefix.Contains('f') ? "f-strings are not supported" : $"unknown string prefix '{word}'");
        }
        // Dotted names: only the few CPython's fileConfig namespace gives that mean a value.
        while (!AtEnd && Peek == '.' && _pos + 1 < _text.Length && IsNameStart(_text[_pos + 1]))
        {
            _pos++;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_')) _pos++;
        }
        string name = _text[start.._pos];
        object? value = name switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            "sys.stdout" => PythonName.Stdout,
            "sys.stderr" => PythonName.Stderr,
            "handlers.DEFAULT_TCP_LOGGING_PORT" or "logging.handlers.DEFAULT_TCP_LOGGING_PORT" => (long)DefaultTcpLoggingPort,
            _ => Unknown(start, name),
        };
        SkipSpace();
        if (!AtEnd && Peek == '(')
        {
            _pos = start;
            throw Error($"calls are not allowed ('{name}(…)'); only literals");
        }
        return value;
    }

    private object Unknown(int start, string name)
    {
        _pos = start;
        throw Error($"the name '{name}' is not allowed: only literals, True, False, None, sys.stdout, sys.stderr and handlers.DEFAULT_TCP_LOGGING_PORT");
    }

    /// <summary>One string literal, or several adjacent ones joined ('a' 'b' is 'ab').</summary>
    private string ParseStrings(bool raw = false)
    {
        var sb = new StringBuilder();
        ReadString(sb, raw);
        while (true)
        {
            int save = _pos;
            SkipSpace();
            if (AtEnd) break;
            if (Peek is '\'' or '"')
            {
                ReadString(sb, raw: false);
                continue;
            }
            if (char.ToLowerInvariant(Peek) is 'r' or 'u' && _pos + 1 < _text.Length && _text[_pos + 1] is '\'' or '"')
            {
                bool r = char.ToLowerInvariant(Peek) == 'r';
                _pos++;
                ReadString(sb, r);
                continue;
            }
            _pos = save;
            break;
        }
        return sb.ToString();
    }

    private void ReadString(StringBuilder sb, bool raw)
    {
        char quote = Peek;
        int start = _pos;
        bool triple = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote;
        _pos += triple ? 3 : 1;
        while (true)
        {
            if (AtEnd)
            {
                _pos = start;
                throw Error("unterminated string");
            }
            char c = Peek;
            if (c == quote && (!triple || (_pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)))
            {
                _pos += triple ? 3 : 1;
                return;
            }
            if (!triple && c == '\n')
            {
                _pos = start;
                throw Error("unterminated string");
            }
            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }
            if (_pos + 1 >= _text.Length)
            {
                _pos = start;
                throw Error("unterminated string");
            }
            char e = _text[_pos + 1];
            if (raw)
            {
                // Raw strings keep the backslash; it still stops the quote from ending the string.
                sb.Append('\\').Append(e);
                _pos += 2;
                continue;
            }
            _pos += 2;
            switch (e)
            {
                case '\n': break; // line continuation
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(ReadHex(2)); break;
                case 'u': sb.Append(ReadHex(4)); break;
                case 'U': sb.Append(ReadHex(8)); break;
                case 'N':
                    _pos -= 2;
                    throw Error("\\N{…} escapes are not supported");
                case >= '0' and <= '7':
                    int value = e - '0';
                    for (int i = 0; i < 2 && !AtEnd && Peek is >= '0' and <= '7'; i++) value = value * 8 + (_text[_pos++] - '0');
                    sb.Append((char)value);
                    break;
                default:
                    sb.Append('\\').Append(e); // Python keeps unknown escapes as written (C:\logs stays C:\logs)
                    break;
            }
        }
    }

    private string ReadHex(int digits)
    {
        if (_pos + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            throw Error($"invalid \\x/\\u/\\U escape (expected {digits} hex digits)");
        _pos += digits;
        return char.ConvertFromUtf32(code);
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        List<object?> => "a tuple or list",
        Dictionary<string, object?> => "a dict",
        _ => value.ToString() ?? "",
    };
}
