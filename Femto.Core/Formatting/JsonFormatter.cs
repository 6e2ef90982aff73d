using System.Text.Encodings.Web;
using System.Text.Json;

namespace Femto;

/// <summary>Formats each record as one JSON object per line: <c>timestamp</c> (ISO 8601 UTC), the trace fields
/// present, <c>level</c>, <c>logger</c>, <c>message</c>, <c>thread_id</c>, <c>thread_name</c>, <c>filename</c>,
/// <c>line_number</c>, <c>module_path</c>, <c>key_values</c> (numbers and booleans keep their JSON type, lists are arrays) and, when
/// present, <c>exception</c> with <c>type</c>, <c>message</c> and <c>stack_trace</c>.</summary>
/// <remarks>Trace fields: <c>trace_id</c>, <c>span_id</c> and <c>parent_span_id</c> key-values are written at the top
/// level, after the timestamp; a timed scope's record (one with <c>function</c> and <c>duration_ms</c> key-values)
/// also has <c>function</c>, <c>duration_ms</c>, <c>status</c>, <c>error_type</c> (null on success) and
/// <c>error_message</c> there, so each line starts like sentinel-trace's JSONL:
/// <c>{"timestamp":…,"function":"fetch_user","duration_ms":12.3,"status":"success","error_type":null,…}</c>.
/// A field written at the top level is not repeated in <c>key_values</c>.</remarks>
public sealed class JsonFormatter : IFemtoFormatter
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // One writer per worker thread, reset onto the output buffer each time: no allocation per record.
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    [ThreadStatic] private static FemtoBuffer? t_message;

    /// <inheritdoc/>
    public void Format(in FemtoRecordView record, FemtoBuffer output)
    {
        var r = record.Record;
        var w = t_writer ??= new Utf8JsonWriter(output, s_options);
        w.Reset(output);
        w.WriteStartObject();
        w.WritePropertyName("timestamp"u8);
        Span<char> iso = stackalloc char[33];
        new DateTime(r.TimestampTicks, DateTimeKind.Utc).TryFormat(iso, out int n, "O", System.Globalization.CultureInfo.InvariantCulture);
        w.WriteStringValue(iso[..n]);
        var message = t_message ??= new FemtoBuffer(1024);
        // Structured index of each trace field written at the top level, -1 for the others.
        Span<int> hoisted = stackalloc int[TraceFields.Count];
        if (r.KeyValueCount > 0) WriteTraceFields(w, r, hoisted, message);
        else hoisted.Fill(-1);
        w.WriteString("level"u8, r.Level.ToName());
        w.WriteString("logger"u8, r.LoggerName);
        message.Clear();
        // The output's record cap applies to the message rendered here too (JSON escaping may add to it).
        int limit = output.RemainingLimit;
        if (limit != int.MaxValue) message.LimitNext(limit);
        MessageRenderer.Write(r, message, escape: false);
        long skipped = message.EndLimit();
        w.WriteString("message"u8, message.WrittenSpan);
        if (skipped > 0)
        {
            w.Flush();
            output.AddSkipped(skipped); // the handler marks and counts the record as truncated
        }
        w.WriteNumber("thread_id"u8, r.ThreadId);
        WriteNullableString(w, "thread_name"u8, r.ThreadName);
        WriteNullableString(w, "filename"u8, r.FileName);
        if (r.LineNumber > 0) w.WriteNumber("line_number"u8, r.LineNumber); else w.WriteNull("line_number"u8);
        WriteNullableString(w, "module_path"u8, r.MemberName);
        w.WritePropertyName("key_values"u8);
        w.WriteStartObject();
        var e = StructuredValues.Enumerate(r);
        for (int index = 0; e.MoveNext(); index++)
        {
            if (hoisted.Contains(index)) continue;
            w.WritePropertyName(e.Name);
            var value = e.Value;
            WriteValue(w, in value, message);
        }
        w.WriteEndObject();
        if (r.Exception is { } ex)
        {
            w.WritePropertyName("exception"u8);
            w.WriteStartObject();
            w.WriteString("type"u8, ex.GetType().FullName);
            w.WriteString("message"u8, ex.Message);
            WriteNullableString(w, "stack_trace"u8, ex.StackTrace);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>Writes the trace fields the record has at the top level, in <see cref="TraceFields"/> order, and
    /// notes which structured values they were (the first of each name).</summary>
    private static void WriteTraceFields(Utf8JsonWriter w, LogRecord r, Span<int> hoisted, FemtoBuffer scratch)
    {
        hoisted.Fill(-1);
        var e = StructuredValues.Enumerate(r);
        for (int index = 0; e.MoveNext(); index++)
        {
            int field = TraceFields.IndexOf(e.Name);
            if (field >= 0 && hoisted[field] < 0) hoisted[field] = index;
        }
        bool scope = hoisted[0] >= 0 && hoisted[1] >= 0;
        if (!scope) hoisted[..5].Fill(-1); // function, duration_ms, status… of other records stay key-values
        for (int field = 0; field < TraceFields.Count; field++)
        {
            int at = hoisted[field];
            if (at < 0)
            {
                if (scope && field == 3) w.WriteNull("error_type"u8); // sentinel-trace's shape: null on success
                continue;
            }
            var v = StructuredValues.Enumerate(r);
            for (int index = 0; v.MoveNext() && index < at; index++) { }
            w.WritePropertyName(TraceFields.Utf8Name(field));
            var value = v.Value;
            WriteValue(w, in value, scratch);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    private static void WriteItem(Utf8JsonWriter w, object? item)
    {
        switch (item)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int or long or short or sbyte or byte or ushort or uint: w.WriteNumberValue(Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ulong u: w.WriteNumberValue(u); break;
            case double or float when Convert.ToDouble(item, System.Globalization.CultureInfo.InvariantCulture) is var d && double.IsFinite(d): w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case IFormattable f: w.WriteStringValue(f.ToString(null, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(item.ToString()); break;
        }
    }

    private static void WriteValue(Utf8JsonWriter w, in ArgSlot slot, FemtoBuffer scratch)
    {
        if (slot.Kind == ArgKind.Inline)
        {
            var codec = (IValueCodec)slot.Ref!;
            switch (codec.Nature)
            {
                case ValueNature.Signed: w.WriteNumberValue(codec.ReadInt64(in slot)); return;
                case ValueNature.Unsigned: w.WriteNumberValue(codec.ReadUInt64(in slot)); return;
                case ValueNature.Float:
                    double d = codec.ReadDouble(in slot);
                    if (double.IsFinite(d)) w.WriteNumberValue(d); else w.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return;
                case ValueNature.Boolean: w.WriteBooleanValue(codec.ReadBoolean(in slot)); return;
            }
        }
        else if (slot.Ref is null)
        {
            w.WriteNullValue();
            return;
        }
        else if (slot.Ref is System.Collections.IEnumerable items and not string)
        {
            // A list value (e.g. the MEL provider's 'scope'): a JSON array of its items.
            w.WriteStartArray();
            foreach (var item in items) WriteItem(w, item);
            w.WriteEndArray();
            return;
        }
        scratch.Clear();
        var plain = slot.WithFormat(slot.Format, 0);
        MessageRenderer.WriteValue(in plain, scratch, escape: false);
        w.WriteStringValue(scratch.WrittenSpan);
    }
}
