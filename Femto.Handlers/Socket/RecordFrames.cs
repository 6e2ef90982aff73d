using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace Femto.Handlers;

/// <summary>The socket wire format: each record is a MessagePack map with exactly the keys <c>logger</c>,
/// <c>level</c>, <c>message</c>, <c>timestamp_ns</c>, <c>filename</c>, <c>line_number</c>, <c>module_path</c>,
/// <c>thread_id</c>, <c>thread_name</c> and <c>key_values</c>, preceded by its length as a 4-byte big-endian
/// unsigned integer. Structured values keep their MessagePack type (integers, floats, booleans; everything else as
/// text). An exception travels in <c>key_values</c> as <c>exception.type</c>, <c>exception.message</c> and
/// <c>exception.stack_trace</c>, so the map keeps its fixed key set.</summary>
public static class RecordFrames
{
    /// <summary>The default largest frame: 1 MiB.</summary>
    public const int DefaultMaxFrameSize = 1024 * 1024;

    private const int PrefixSize = 4;
    private static readonly MessagePackSerializerOptions s_untrusted =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Appends one length-prefixed frame for <paramref name="record"/> to <paramref name="output"/>.</summary>
    /// <returns>False (and nothing appended) when the frame would exceed <paramref name="maxFrameSize"/> bytes.</returns>
    public static bool Write(in FemtoRecordView record, FemtoBuffer output, int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameSize);
        int start = output.WrittenCount;
        output.GetSpan(PrefixSize);
        output.Advance(PrefixSize);
        var w = new MessagePackWriter(output);
        WriteMap(ref w, record.Record);
        w.Flush();
        int length = output.WrittenCount - start - PrefixSize;
        if (length > maxFrameSize)
        {
            output.Truncate(start);
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(output.WrittenSpanMutable.Slice(start, PrefixSize), (uint)length);
        return true;
    }

    private static void WriteMap(ref MessagePackWriter w, LogRecord r)
    {
        w.WriteMapHeader(10);
        w.Write("logger");
        w.Write(r.LoggerName);
        w.Write("level");
        w.Write(r.Level.ToName());
        w.Write("message");
        WriteMessage(ref w, r);
        w.Write("timestamp_ns");
        w.Write(r.TimestampUnixNs);
        w.Write("filename");
        WriteNullable(ref w, string.IsNullOrEmpty(r.FileName) ? null : r.FileName);
        w.Write("line_number");
        if (r.LineNumber > 0) w.Write(r.LineNumber); else w.WriteNil();
        w.Write("module_path");
        WriteNullable(ref w, string.IsNullOrEmpty(r.MemberName) ? null : r.MemberName);
        w.Write("thread_id");
        w.Write(r.ThreadId);
        w.Write("thread_name");
        WriteNullable(ref w, r.ThreadName);
        w.Write("key_values");
        int count = StructuredValues.Count(r) + (r.Exception is null ? 0 : 3);
        w.WriteMapHeader(count);
        var e = StructuredValues.Enumerate(r);
        while (e.MoveNext())
        {
            w.Write(e.Name);
            var value = e.Value;
            WriteValue(ref w, in value);
        }
        if (r.Exception is { } ex)
        {
            w.Write("exception.type");
            w.Write(ex.GetType().FullName);
            w.Write("exception.message");
            w.Write(ex.Message);
            w.Write("exception.stack_trace");
            WriteNullable(ref w, ex.StackTrace);
        }
    }

    private static void WriteNullable(ref MessagePackWriter w, string? value)
    {
        if (value is null) w.WriteNil(); else w.Write(value);
    }

    // Rendering goes through a scratch buffer as UTF-8, unescaped: MessagePack strings carry any text.
    private static void WriteMessage(ref MessagePackWriter w, LogRecord r)
    {
        var scratch = Scratch();
        MessageRenderer.Write(r, scratch, escape: false);
        w.WriteString(scratch.WrittenSpan);
    }

    private static void WriteValueText(ref MessagePackWriter w, in ArgSlot slot)
    {
        var scratch = Scratch();
        MessageRenderer.WriteValue(in slot, scratch, escape: false);
        w.WriteString(scratch.WrittenSpan);
    }

    private static FemtoBuffer Scratch()
    {
        var scratch = t_scratch ??= new FemtoBuffer(1024);
        scratch.Clear();
        return scratch;
    }

    [ThreadStatic] private static FemtoBuffer? t_scratch;

    private static void WriteValue(ref MessagePackWriter w, in ArgSlot slot)
    {
        if (slot.Kind == ArgKind.Inline)
        {
            var codec = (IValueCodec)slot.Ref!;
            switch (codec.Nature)
            {
                case ValueNature.Signed: w.Write(codec.ReadInt64(in slot)); return;
                case ValueNature.Unsigned: w.Write(codec.ReadUInt64(in slot)); return;
                case ValueNature.Float: w.Write(codec.ReadDouble(in slot)); return;
                case ValueNature.Boolean: w.Write(codec.ReadBoolean(in slot)); return;
            }
        }
        else if (slot.Ref is null)
        {
            w.WriteNil();
            return;
        }
        else if (slot.Ref is string text)
        {
            w.Write(text);
            return;
        }
        else if (slot.Ref is System.Collections.IEnumerable items)
        {
            // A list value (e.g. the MEL provider's 'scope'): an array of its items' text.
            var texts = new List<string?>();
            foreach (var item in items) texts.Add(item is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : item?.ToString());
            w.WriteArrayHeader(texts.Count);
            foreach (var t in texts) WriteNullable(ref w, t);
            return;
        }
        WriteValueText(ref w, slot.WithFormat(slot.Format, 0));
    }

    /// <summary>Reads one frame from the start of <paramref name="buffer"/>, as a receiver would: the length is checked
    /// against <paramref name="maxFrameSize"/> before anything is decoded, and the map is decoded with
    /// <see cref="MessagePackSecurity.UntrustedData"/>.</summary>
    /// <param name="buffer">Received bytes; on success advanced past the frame.</param>
    /// <param name="maxFrameSize">The largest length accepted.</param>
    /// <param name="frame">The decoded map.</param>
    /// <returns>False when the buffer does not yet hold a whole frame.</returns>
    /// <exception cref="InvalidDataException">The length exceeds the limit, or the payload is not a valid frame.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out IReadOnlyDictionary<string, object?> frame)
    {
        frame = null!;
        if (buffer.Length < PrefixSize) return false;
        Span<byte> prefix = stackalloc byte[PrefixSize];
        buffer.Slice(0, PrefixSize).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > (uint)maxFrameSize)
            throw new InvalidDataException($"Frame length {length} exceeds the limit of {maxFrameSize} bytes.");
        if (buffer.Length < PrefixSize + length) return false;
        var payload = buffer.Slice(PrefixSize, length);
        try
        {
            var map = MessagePackSerializer.Deserialize<Dictionary<string, object?>>(payload, s_untrusted)
                ?? throw new InvalidDataException("Frame is nil, expected a map.");
            foreach (var key in FrameKeys)
                if (!map.ContainsKey(key)) throw new InvalidDataException($"Frame lacks the key '{key}'.");
            if (map.Count != FrameKeys.Length) throw new InvalidDataException($"Frame has {map.Count} keys, expected exactly {FrameKeys.Length}.");
            frame = map;
        }
        catch (MessagePackSerializationException ex)
        {
            throw new InvalidDataException("Frame is not a valid MessagePack map: " + ex.Message, ex);
        }
        buffer = buffer.Slice(PrefixSize + length);
        return true;
    }

    /// <summary>The keys every frame has, in order.</summary>
    public static IReadOnlyList<string> Keys => FrameKeys;

    private static readonly string[] FrameKeys =
        ["logger", "level", "message", "timestamp_ns", "filename", "line_number", "module_path", "thread_id", "thread_name", "key_values"];
}
