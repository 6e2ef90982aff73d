namespace Femto;

/// <summary>The plain-text line formatter. Layout: <c>[timestamp ][logger ][LEVEL] message[ key=value…]</c>,
/// then, for an exception, its text on following lines indented by four spaces. Control characters in user text are
/// escaped. Timestamps are UTC, <c>yyyy-MM-dd HH:mm:ss.fff</c>.</summary>
public sealed class TextFormatter : IFemtoFormatter
{
    /// <summary>Creates a text formatter.</summary>
    /// <param name="includeTimestamp">Start the line with the record's UTC timestamp.</param>
    /// <param name="includeLogger">Write the logger name before the level.</param>
    public TextFormatter(bool includeTimestamp = false, bool includeLogger = true)
    {
        IncludeTimestamp = includeTimestamp;
        IncludeLogger = includeLogger;
    }

    /// <summary>Whether lines start with a timestamp.</summary>
    public bool IncludeTimestamp { get; }

    /// <summary>Whether lines carry the logger name.</summary>
    public bool IncludeLogger { get; }

    /// <inheritdoc/>
    public void Format(in FemtoRecordView record, FemtoBuffer output)
    {
        var r = record.Record;
        if (IncludeTimestamp)
        {
            output.WriteTimestamp(r.TimestampTicks);
            output.WriteByte((byte)' ');
        }
        if (IncludeLogger)
        {
            output.WriteText(r.LoggerName);
            output.WriteByte((byte)' ');
        }
        output.WriteByte((byte)'[');
        output.Write(FemtoLevels.Utf8Name(r.Level));
        output.Write("] "u8);
        MessageRenderer.Write(r, output, escape: true);
        if (r.KeyValueCount > 0) WriteKeyValues(r, output);
        if (r.Exception is { } ex) WriteException(ex, output);
    }

    private static void WriteKeyValues(LogRecord r, FemtoBuffer output)
    {
        var slots = r.Slots;
        for (int i = r.ArgCount; i < r.ArgCount + r.KeyValueCount; i++)
        {
            output.WriteByte((byte)' ');
            output.WriteText(slots[i].Name);
            output.WriteByte((byte)'=');
            int start = output.WrittenCount;
            MessageRenderer.WriteValue(in slots[i], output, escape: true);
            QuoteIfNeeded(output, start);
        }
    }

    // logfmt-style: a value with a space, quote or '=' is quoted so key=value pairs stay parseable.
    private static void QuoteIfNeeded(FemtoBuffer output, int start)
    {
        var written = output.WrittenSpan[start..];
        if (written.Length > 0 && written.IndexOfAny(" \"="u8) < 0) return;
        int quotes = written.Count((byte)'"');
        int len = written.Length;
        output.GetSpan(len + quotes + 2);
        output.Advance(quotes + 2);
        var all = output.WrittenSpanMutable;
        // Rewrite back to front: closing quote, value with escaped quotes, opening quote.
        int dst = start + len + quotes + 1;
        all[dst--] = (byte)'"';
        for (int src = start + len - 1; src >= start; src--)
        {
            all[dst--] = all[src];
            if (all[src] == (byte)'"') all[dst--] = (byte)'\\';
        }
        all[dst] = (byte)'"';
    }

    /// <summary>Writes an exception's text as continuation lines: each line after a newline and four spaces, control
    /// characters escaped, so a reader can tell them from records. The layout every text formatter uses.</summary>
    public static void WriteException(Exception ex, FemtoBuffer output)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(output);
        string text;
        try { text = ex.ToString(); }
        catch (Exception inner) { text = $"{ex.GetType().FullName}: <ToString failed: {inner.GetType().Name}>"; }
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            output.Write("\n    "u8);
            output.WriteText(line.TrimEnd(), escape: true);
        }
    }
}
