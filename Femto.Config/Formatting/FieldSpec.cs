using System.Globalization;
using System.Text;

namespace Femto.Config;

/// <summary>How one field is shown: printf-style (<c>%-8s</c>, <c>%03d</c>, <c>%.3f</c>) or Python format-spec
/// (<c>{levelname:&lt;8}</c>, <c>{msecs:03.0f}</c>) flags, width, precision and conversion, parsed once.</summary>
internal sealed record FieldSpec(char Conversion, int Width, int Precision, char Align, char Fill, char Sign, bool ZeroPad)
{
    /// <summary><c>%(x)s</c> / <c>{x}</c>: the value as text, nothing else.</summary>
    public static readonly FieldSpec Plain = new('s', 0, -1, '\0', ' ', '-', false);

    public bool IsPlain => Conversion == 's' && Width == 0 && Precision < 0;

    public bool IsNumericConversion => Conversion is 'd' or 'f';

    /// <summary>Formats a text value.</summary>
    public string Apply(string text)
    {
        if (Conversion == 'r') text = Repr(text);
        if (Precision >= 0 && text.Length > Precision) text = text[..Precision];
        return Pad(text, numeric: false);
    }

    /// <summary>Formats a number (whole numbers arrive as long, others as double).</summary>
    public string Apply(double value, bool whole)
    {
        string body = Conversion switch
        {
            'd' => Math.Abs(Math.Truncate(value)).ToString(Precision > 0 ? new string('0', Precision) : "0", CultureInfo.InvariantCulture),
            'f' => Math.Abs(value).ToString("F" + (Precision < 0 ? 6 : Precision).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            _ => whole ? Math.Abs(value).ToString("0", CultureInfo.InvariantCulture) : PythonRepr(Math.Abs(value)),
        };
        if (Conversion is 's' or 'r' && Precision >= 0 && body.Length > Precision) body = body[..Precision];
        string sign = value < 0 || (value == 0 && double.IsNegative(value) && Conversion == 'f') ? "-" : Sign switch { '+' => "+", ' ' => " ", _ => "" };
        if (ZeroPad && Width > sign.Length + body.Length) body = body.PadLeft(Width - sign.Length, '0');
        return Pad(sign + body, numeric: true);
    }

    private string Pad(string text, bool numeric)
    {
        if (text.Length >= Width) return text;
        int gap = Width - text.Length;
        char align = Align == '\0' ? (numeric ? '>' : '<') : Align;
        return align switch
        {
            '<' => text + new string(Fill, gap),
            '^' => new string(Fill, gap / 2) + text + new string(Fill, gap - gap / 2),
            _ => new string(Fill, gap) + text,
        };
    }

    /// <summary>Python's repr of a float: shortest round-trip text, always with a decimal point.</summary>
    private static string PythonRepr(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || !double.IsFinite(value) ? s : s + ".0";
    }

    /// <summary>Python's repr of a string: single quotes unless the text has one and no double quote.</summary>
    private static string Repr(string text)
    {
        char quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (char c in text)
        {
            if (c == quote || c == '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append(quote).ToString();
    }
}
