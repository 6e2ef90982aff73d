using System.Globalization;
using System.Text;

namespace Femto.Config;

/// <summary>A formatter from a CPython logging format string — the <c>format</c>/<c>datefmt</c>/<c>style</c>/
/// <c>defaults</c> of a <c>logging.Formatter</c> — so Python configurations keep their lines:
/// <c>PatternFormatter.Parse("%(asctime)s %(name)s %(levelname)s %(message)s")</c>.</summary>
/// <remarks>
/// <para>Fields: <c>name</c>, <c>levelname</c> (Femto's names: WARN, not WARNING), <c>levelno</c> (CPython's numbers,
/// TRACE = 5), <c>message</c>, <c>msg</c> (the template, else the message), <c>asctime</c>, <c>created</c>,
/// <c>msecs</c>, <c>relativeCreated</c> (since process start), <c>thread</c>, <c>threadName</c>, <c>process</c>,
/// <c>processName</c>, <c>filename</c>, <c>pathname</c>, <c>module</c>, <c>lineno</c>, <c>funcName</c> (from the
/// caller info), <c>taskName</c> (always None), and any field named in <c>defaults</c>, taken from the record's
/// key-value of that name or else the default. Any other field is rejected by <see cref="Parse"/>.</para>
/// <para><c>asctime</c> is local time (as CPython's default converter) unless <c>utc</c>: without a <c>datefmt</c>
/// <c>yyyy-MM-dd HH:mm:ss,mmm</c>, with one the <c>strftime</c> rendering. Its text is made once per second and
/// copied otherwise. Text fields are escaped like every Femto text sink (a message cannot forge a line); an
/// exception is appended on indented continuation lines, where CPython appends its traceback.</para>
/// </remarks>
public sealed class PatternFormatter : IFemtoFormatter
{
    private static readonly DateTime s_processStart = GetProcessStart();
    private static readonly string s_processName = GetProcessName();
    private static readonly int s_processId = Environment.ProcessId;

    private readonly PatternParser.Piece[] _pieces;
    private readonly byte[]?[] _literals;
    private readonly StrftimeFormat? _date;
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<string, string> _defaults;
    private readonly bool _needsAscTime;
    private Stamp? _stamp;

    private sealed class Stamp(long second, byte[] text)
    {
        public long Second { get; } = second;
        public byte[] Text { get; } = text;
    }

    private PatternFormatter(string pattern, string? dateFormat, char style, Dictionary<string, string> defaults, bool utc,
        PatternParser.Piece[] pieces, StrftimeFormat? date)
    {
        Pattern = pattern;
        DateFormat = dateFormat;
        Style = style;
        Utc = utc;
        _defaults = defaults;
        _pieces = pieces;
        _literals = [.. _pieces.Select(p => p.Literal is null ? null : Encoding.UTF8.GetBytes(p.Literal))];
        _date = date;
        _zone = utc ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
        _needsAscTime = _pieces.Any(p => p.Literal is null && p.Kind == PatternFieldKind.AscTime);
    }

    /// <summary>Parses a CPython format string.</summary>
    /// <param name="format">The format, e.g. <c>%(asctime)s %(levelname)-8s %(message)s</c>; null is CPython's default <c>%(message)s</c>.</param>
    /// <param name="dateFormat">A <c>strftime</c> format for <c>asctime</c>; null for <c>yyyy-MM-dd HH:mm:ss,mmm</c>.</param>
    /// <param name="style"><c>%</c>, <c>{</c> or <c>$</c>.</param>
    /// <param name="defaults">Extra fields and their default values (CPython 3.10's <c>defaults</c>).</param>
    /// <param name="utc">Show <c>asctime</c> in UTC instead of local time.</param>
    /// <exception cref="ArgumentException">A field Femto does not have, an unsupported conversion or directive, or a
    /// malformed pattern; the message names it.</exception>
    public static PatternFormatter Parse(string? format, string? dateFormat = null, char style = '%',
        IReadOnlyDictionary<string, object?>? defaults = null, bool utc = false)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in defaults ?? new Dictionary<string, object?>()) texts[key] = PythonText(value);
        format ??= "%(message)s";
        PatternParser.Piece[] pieces;
        StrftimeFormat? date;
        try { pieces = [.. PatternParser.Parse(format, style, texts.Keys)]; }
        catch (FormatException ex) { throw new ArgumentException(ex.Message, style is '%' or '{' or '$' ? nameof(format) : nameof(style), ex); }
        try { date = dateFormat is null ? null : StrftimeFormat.Parse(dateFormat); }
        catch (FormatException ex) { throw new ArgumentException(ex.Message, nameof(dateFormat), ex); }
        return new PatternFormatter(format, dateFormat, style, texts, utc, pieces, date);
    }

    /// <summary>The format string.</summary>
    public string Pattern { get; }

    /// <summary>The <c>strftime</c> date format, or null for the default.</summary>
    public string? DateFormat { get; }

    /// <summary>The style: <c>%</c>, <c>{</c> or <c>$</c>.</summary>
    public char Style { get; }

    /// <summary>Whether <c>asctime</c> is UTC.</summary>
    public bool Utc { get; }

    /// <summary>Extra fields and their default text.</summary>
    public IReadOnlyDictionary<string, string> Defaults => _defaults;

    /// <inheritdoc/>
    public void Format(in FemtoRecordView record, FemtoBuffer output)
    {
        for (int i = 0; i < _pieces.Length; i++)
        {
            if (_literals[i] is { } literal)
            {
                output.Write(literal);
                continue;
            }
            ref readonly var piece = ref _pieces[i];
            if (piece.Spec.IsPlain && WritePlain(in record, piece.Kind, output)) continue;
            WriteFormatted(in record, in piece, output);
        }
        if (record.Exception is { } ex) TextFormatter.WriteException(ex, output);
    }

    /// <summary>The common fields without width or precision, written straight into the buffer.</summary>
    private bool WritePlain(in FemtoRecordView record, PatternFieldKind kind, FemtoBuffer output)
    {
        switch (kind)
        {
            case PatternFieldKind.Name: output.WriteText(record.Logger); return true;
            case PatternFieldKind.LevelName: output.WriteText(record.LevelName, escape: false); return true;
            case PatternFieldKind.Message: record.WriteMessage(output); return true;
            case PatternFieldKind.AscTime:
                output.Write(AscTime(record.Timestamp.Ticks));
                if (_date is null) WriteMillis(record.Timestamp.Ticks, output);
                return true;
            default: return false;
        }
    }

    private void WriteFormatted(in FemtoRecordView record, in PatternParser.Piece piece, FemtoBuffer output)
    {
        long ticks = record.Timestamp.Ticks;
        string text = piece.Kind switch
        {
            PatternFieldKind.LevelNo => Number(in piece, (int)record.Level == 0 ? 5 : (int)record.Level * 10),
            PatternFieldKind.Created => Real(in piece, (ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond),
            PatternFieldKind.Msecs => Real(in piece, ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerMillisecond),
            PatternFieldKind.RelativeCreated => Real(in piece, (ticks - s_processStart.Ticks) / (double)TimeSpan.TicksPerMillisecond),
            PatternFieldKind.Thread => Number(in piece, record.ThreadId),
            PatternFieldKind.Process => Number(in piece, s_processId),
            PatternFieldKind.LineNo => Number(in piece, record.LineNumber),
            _ => piece.Spec.Apply(Text(in record, piece)),
        };
        output.WriteText(text);
    }

    private static string Number(in PatternParser.Piece piece, long n) => piece.Spec.Apply(n, whole: true);

    private static string Real(in PatternParser.Piece piece, double d) => piece.Spec.Apply(d, whole: false);

    private string Text(in FemtoRecordView record, in PatternParser.Piece piece) => piece.Kind switch
    {
        PatternFieldKind.Name => record.Logger,
        PatternFieldKind.LevelName => record.LevelName,
        PatternFieldKind.Message => record.Message,
        PatternFieldKind.Msg => record.MessageTemplate ?? record.Message,
        PatternFieldKind.AscTime => AscTimeText(record.Timestamp.Ticks),
        PatternFieldKind.ThreadName => record.ThreadName ?? "Thread-" + record.ThreadId.ToString(CultureInfo.InvariantCulture),
        PatternFieldKind.ProcessName => s_processName,
        PatternFieldKind.FileName => string.IsNullOrEmpty(record.FileName) ? "(unknown file)" : Path.GetFileName(record.FileName),
        PatternFieldKind.PathName => string.IsNullOrEmpty(record.FileName) ? "(unknown file)" : record.FileName,
        PatternFieldKind.Module => string.IsNullOrEmpty(record.FileName) ? "(unknown module)" : Path.GetFileNameWithoutExtension(record.FileName),
        PatternFieldKind.FuncName => string.IsNullOrEmpty(record.ModulePath) ? "(unknown function)" : record.ModulePath,
        PatternFieldKind.TaskName => "None",
        _ => KeyValue(in record, piece.Field),
    };

    private string KeyValue(in FemtoRecordView record, string name)
    {
        foreach (var kv in record.EnumerateKeyValues())
            if (kv.Key == name) return PythonText(kv.ToObject());
        return _defaults[name];
    }

    private string AscTimeText(long ticks)
    {
        string text = Encoding.UTF8.GetString(AscTime(ticks));
        return _date is null ? text + "," + (ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond).ToString("000", CultureInfo.InvariantCulture) : text;
    }

    /// <summary>The date text of the record's second, made once per second.</summary>
    private byte[] AscTime(long utcTicks)
    {
        long second = utcTicks / TimeSpan.TicksPerSecond;
        var stamp = Volatile.Read(ref _stamp);
        if (stamp is not null && stamp.Second == second) return stamp.Text;
        var utc = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, _zone);
        var offset = _zone.GetUtcOffset(utc);
        string text = _date is null
            ? local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : _date.Render(local, offset, Utc ? "UTC" : (_zone.IsDaylightSavingTime(local) ? _zone.DaylightName : _zone.StandardName));
        stamp = new Stamp(second, Encoding.UTF8.GetBytes(text));
        Volatile.Write(ref _stamp, stamp);
        return stamp.Text;
    }

    private static void WriteMillis(long ticks, FemtoBuffer output)
    {
        int ms = (int)(ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond);
        Span<byte> digits = [(byte)',', (byte)('0' + ms / 100), (byte)('0' + ms / 10 % 10), (byte)('0' + ms % 10)];
        output.Write(digits);
    }

    /// <summary>A value as Python's <c>str()</c> shows it (None, True/False, invariant numbers).</summary>
    private static string PythonText(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Identifies the formatter's definition (equal signatures format identically).</summary>
    internal string Signature => string.Join("\u001f", new[] { Style.ToString(), Pattern, DateFormat ?? "", Utc ? "utc" : "local" }
        .Concat(_defaults.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + "=" + d.Value)));

    private static DateTime GetProcessStart()
    {
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return DateTime.UtcNow;
        }
    }

    private static string GetProcessName()
    {
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.ProcessName;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            return "MainProcess";
        }
    }
}
