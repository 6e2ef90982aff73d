using System.Buffers;
using System.Text.Json;

namespace Femto.Dashboard.Server;

/// <summary>The JSON messages the server sends the page; each is one WebSocket text message.
/// <c>hello</c> opens a connection, <c>records</c> carries a batch, <c>checkpoints</c> the whole checkpoint list.</summary>
internal static class MessageWriter
{
    /// <summary><c>{"type":"hello","instance":…,"bufferSize":…,"pageLimit":…,"replay":…}</c>: instance identifies this
    /// dashboard, so a page that reconnects to the same one asks only for what it missed.</summary>
    public static void Hello(IBufferWriter<byte> output, string instance, int bufferSize, int pageLimit, int replay)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("type"u8, "hello"u8);
        w.WriteString("instance"u8, instance);
        w.WriteNumber("bufferSize"u8, bufferSize);
        w.WriteNumber("pageLimit"u8, pageLimit);
        w.WriteNumber("replay"u8, replay);
        w.WriteEndObject();
    }

    /// <summary><c>{"type":"records","last":S,"dropped":D,"queueDropped":Q,"records":[…]}</c>: <c>last</c> is the
    /// sequence number of the newest record sent so far, <c>dropped</c> the records dropped for this page because it
    /// fell behind, <c>queueDropped</c> those the handler's own queue dropped (for every page).</summary>
    public static void Records(IBufferWriter<byte> output, List<RecordEntry> records, long dropped, long queueDropped)
    {
        Write(output, "{\"type\":\"records\",\"last\":"u8);
        WriteNumber(output, records[^1].Seq);
        Write(output, ",\"dropped\":"u8);
        WriteNumber(output, dropped);
        Write(output, ",\"queueDropped\":"u8);
        WriteNumber(output, queueDropped);
        Write(output, ",\"records\":["u8);
        for (int i = 0; i < records.Count; i++)
        {
            if (i > 0) Write(output, ","u8);
            Write(output, records[i].Json);
        }
        Write(output, "]}"u8);
    }

    /// <summary><c>{"type":"checkpoints","items":[{"name","status","progress","note","updatedAt","data"}…]}</c>.</summary>
    public static byte[] Checkpoints(IReadOnlyList<Checkpoint> checkpoints)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "checkpoints"u8);
            w.WriteStartArray("items"u8);
            foreach (var c in checkpoints)
            {
                w.WriteStartObject();
                w.WriteString("name"u8, c.Name);
                w.WriteString("status"u8, c.Status);
                w.WriteNumber("progress"u8, c.Progress);
                if (c.Note is null) w.WriteNull("note"u8); else w.WriteString("note"u8, c.Note);
                w.WriteString("updatedAt"u8, c.UpdatedAt.UtcDateTime);
                w.WritePropertyName("data"u8);
                c.Data.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        System.Buffers.Text.Utf8Formatter.TryFormat(value, span, out int n);
        output.Advance(n);
    }
}
