using System.Globalization;
using System.Text;

namespace Femto.Config;

/// <summary>A C <c>strftime</c> date format as CPython's <c>datefmt</c> uses it (<c>%Y-%m-%d %H:%M:%S</c>), parsed
/// once and rendered with the invariant (C locale) names. Unknown directives are rejected when parsing.</summary>
internal sealed class StrftimeFormat
{
    private readonly (string? Literal, char Directive)[] _parts;

    private StrftimeFormat((string?, char)[] parts) => _parts = parts;

    /// <exception cref="FormatException">An unsupported directive; the message names it.</exception>
    public static StrftimeFormat Parse(string format)
    {
        var parts = new List<(string?, char)>();
        var literal = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                literal.Append(format[i]);
                continue;
            }
            char d = format[++i];
            if (d == '%')
            {
                literal.Append('%');
                continue;
            }
            if (!"aAbBcdDeFGHIjmMpRSTuUVwWxXyYzZh".Contains(d))
            {
                string hint = d == 'f' ? " (datefmt has no sub-second directive in CPython either: add %(msecs)03d to the format)" : "";
                throw new FormatException($"datefmt '{format}': the directive '%{d}' is not supported{hint}.");
            }
            if (literal.Length > 0) parts.Add((literal.ToString(), '\0'));
            literal.Clear();
            parts.Add((null, d));
        }
        if (literal.Length > 0) parts.Add((literal.ToString(), '\0'));
        return new StrftimeFormat([.. parts]);
    }

    /// <summary>Renders <paramref name="time"/> (already in the wanted zone, whose offset is <paramref name="offset"/>).</summary>
    public string Render(DateTime time, TimeSpan offset, string zoneName)
    {
        var sb = new StringBuilder();
        foreach (var (literal, d) in _parts)
        {
            if (literal is not null) sb.Append(literal);
            else Append(sb, d, time, offset, zoneName);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, char d, DateTime t, TimeSpan offset, string zone)
    {
        var c = CultureInfo.InvariantCulture;
        switch (d)
        {
            case 'a': sb.Append(t.ToString("ddd", c)); break;
            case 'A': sb.Append(t.ToString("dddd", c)); break;
            case 'b' or 'h': sb.Append(t.ToString("MMM", c)); break;
            case 'B': sb.Append(t.ToString("MMMM", c)); break;
            case 'c': sb.Append(t.ToString("ddd MMM ", c)).Append(t.Day.ToString(c).PadLeft(2)).Append(t.ToString(" HH:mm:ss yyyy", c)); break;
            case 'd': sb.Append(t.ToString("dd", c)); break;
            case 'D': sb.Append(t.ToString("MM/dd/yy", c)); break;
            case 'e': sb.Append(t.Day.ToString(c).PadLeft(2)); break;
            case 'F': sb.Append(t.ToString("yyyy-MM-dd", c)); break;
            case 'G': sb.Append(ISOWeek.GetYear(t).ToString("0000", c)); break;
            case 'H': sb.Append(t.ToString("HH", c)); break;
            case 'I': sb.Append(t.ToString("hh", c)); break;
            case 'j': sb.Append(t.DayOfYear.ToString("000", c)); break;
            case 'm': sb.Append(t.ToString("MM", c)); break;
            case 'M': sb.Append(t.ToString("mm", c)); break;
            case 'p': sb.Append(t.Hour < 12 ? "AM" : "PM"); break;
            case 'R': sb.Append(t.ToString("HH:mm", c)); break;
            case 'S': sb.Append(t.ToString("ss", c)); break;
            case 'T' or 'X': sb.Append(t.ToString("HH:mm:ss", c)); break;
            case 'u': sb.Append(((int)t.DayOfWeek + 6) % 7 + 1); break;
            case 'U': sb.Append(((t.DayOfYear - 1 + 7 - (int)t.DayOfWeek) / 7).ToString("00", c)); break;
            case 'V': sb.Append(ISOWeek.GetWeekOfYear(t).ToString("00", c)); break;
            case 'w': sb.Append((int)t.DayOfWeek); break;
            case 'W': sb.Append(((t.DayOfYear - 1 + 7 - ((int)t.DayOfWeek + 6) % 7) / 7).ToString("00", c)); break;
            case 'x': sb.Append(t.ToString("MM/dd/yy", c)); break;
            case 'y': sb.Append(t.ToString("yy", c)); break;
            case 'Y': sb.Append(t.Year.ToString(c)); break;
            case 'z':
                sb.Append(offset < TimeSpan.Zero ? '-' : '+').Append(offset.Duration().ToString("hhmm", c));
                break;
            case 'Z': sb.Append(zone); break;
        }
    }
}
