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
        WriteMap(ref w, record);
        w.Flush();
        int length = output.WrittenCount - start - PrefixSize;
        if (length > maxFrameSize)
        {
            output.Truncate(start);
            return false;
        }
        Span<byte> prefix = stackalloc byte[PrefixSize];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)length);
        output.Overwrite(start, prefix);
        return true;
    }

    private static void WriteMap(ref MessagePackWriter w, in FemtoRecordView r)
    {
        w.WriteMapHeader(10);
        w.Write("logger");
        w.Write(r.Logger);
        w.Write("level");
        w.Write(r.LevelName);
        w.Write("message");
        var scratch = Scratch();
        r.WriteMessage(scratch, escape: false); // MessagePack strings carry any text: no escaping
        w.WriteString(scratch.WrittenSpan);
        w.Write("timestamp_ns");
        w.Write(r.TimestampUnixNs);
        w.Write("filename");
        WriteNullable(ref w, string.IsNullOrEmpty(r.FileName) ? null : r.FileName);
        w.Write("line_number");
        if (r.LineNumber > 0) w.Write(r.LineNumber); else w.WriteNil();
        w.Write("module_path");
        WriteNullable(ref w, string.IsNullOrEmpty(r.ModulePath) ? null : r.ModulePath);
        w.Write("thread_id");
        w.Write(r.ThreadId);
        w.Write("thread_name");
        WriteNullable(ref w, r.ThreadName);
        w.Write("key_values");
        var ex = r.Exception;
        w.WriteMapHeader(r.KeyValueCount + (ex is null ? 0 : 3));
        foreach (var kv in r.EnumerateKeyValues())
        {
            w.Write(kv.Key);
            WriteValue(ref w, in kv, scratch);
        }
        if (ex is not null)
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

    private static void WriteValue(ref MessagePackWriter w, in FemtoKeyValue kv, FemtoBuffer scratch)
    {
        switch (kv.Kind)
        {
            case FemtoValueKind.Null:
                w.WriteNil();
                return;
            case FemtoValueKind.String:
                kv.TryGetString(out var text);
                w.Write(text);
                return;
            case FemtoValueKind.Signed:
                kv.TryGetInt64(out long l);
                w.Write(l);
                return;
            case FemtoValueKind.Unsigned:
                kv.TryGetUInt64(out ulong u);
                w.Write(u);
                return;
            case FemtoValueKind.Float:
                kv.TryGetDouble(out double d);
                w.Write(d);
                return;
            case FemtoValueKind.Boolean:
                kv.TryGetBoolean(out bool b);
                w.Write(b);
                return;
            default:
                if (kv.ValueType is { IsValueType: false } && kv.ToObject() is System.Collections.IEnumerable items and not string)
                {
                    WriteList(ref w, items);
                    return;
                }
                scratch.Clear();
                kv.WriteText(scratch, escape: false);
                w.WriteString(scratch.WrittenSpan);
                return;
        }
    }

    /// <summary>A list value (e.g. the MEL provider's <c>scope</c>): an array of its items' invariant text.</summary>
    private static void WriteList(ref MessagePackWriter w, System.Collections.IEnumerable items)
    {
        var texts = new List<string?>();
        foreach (var item in items) texts.Add(item is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : item?.ToString());
        w.WriteArrayHeader(texts.Count);
        foreach (var t in texts) WriteNullable(ref w, t);
    }

    private static FemtoBuffer Scratch()
    {
        var scratch = t_scratch ??= new FemtoBuffer(1024);
        scratch.Clear();
        return scratch;
    }

    [ThreadStatic] private static FemtoBuffer? t_scratch;

    /// <summary>Reads one frame from the start of <paramref name="buffer"/>, as a receiver would: the length is checked
    /// against <paramref name="maxFrameSize"/> before anything is decoded, the structure is checked (nesting no deeper
    /// than <see cref="MessagePackSecurity.UntrustedData"/> allows, no container declaring more entries than its bytes
    /// can hold) before anything is allocated, and the map is decoded with <see cref="MessagePackSecurity.UntrustedData"/>.</summary>
    /// <param name="buffer">Received bytes; on success advanced past the frame.</param>
    /// <param name="maxFrameSize">The largest length accepted.</param>
    /// <param name="frame">The decoded map.</param>
    /// <returns>False when the buffer does not yet hold a whole frame.</returns>
    /// <exception cref="InvalidDataException">The length exceeds the limit, or the payload is not a valid frame.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out IReadOnlyDictionary<string, object?> frame)
    {
        frame = null!;
        if (!TryTakeFrame(buffer, maxFrameSize, out var payload)) return false;
        try
        {
            FrameDecoder.Validate(payload, s_untrusted.Security.MaximumObjectGraphDepth);
            var map = MessagePackSerializer.Deserialize<Dictionary<string, object?>>(payload, s_untrusted)
                ?? throw new InvalidDataException("Frame is nil, expected a map.");
            foreach (var key in FrameKeys)
                if (!map.ContainsKey(key)) throw new InvalidDataException($"Frame lacks the key '{key}'.");
            if (map.Count != FrameKeys.Length) throw new InvalidDataException($"Frame has {map.Count} keys, expected exactly {FrameKeys.Length}.");
            frame = map;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new InvalidDataException("Frame is not a valid MessagePack map: " + ex.Message, ex);
        }
        buffer = buffer.Slice(PrefixSize + payload.Length);
        return true;
    }

    /// <summary>Reads one frame from the start of <paramref name="buffer"/> into <paramref name="record"/> (logger,
    /// level, message, timestamp, thread, caller and key-values, each value keeping its type), with the same checks
    /// as <see cref="TryRead(ref ReadOnlySequence{byte}, int, out IReadOnlyDictionary{string, object?})"/>: what a
    /// collector does with each frame it receives. Key-values that are arrays or maps arrive as JSON text.</summary>
    /// <returns>False when the buffer does not yet hold a whole frame.</returns>
    /// <exception cref="InvalidDataException">The length exceeds the limit, or the payload is not a valid frame
    /// (any of the ten keys missing or of the wrong type, an unknown key, too deep, or truncated).</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, FemtoRecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!TryTakeFrame(buffer, maxFrameSize, out var payload)) return false;
        try
        {
            FrameDecoder.Validate(payload, s_untrusted.Security.MaximumObjectGraphDepth);
            FrameDecoder.Decode(payload, record, s_untrusted);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new InvalidDataException("Frame is not a valid MessagePack map: " + ex.Message, ex);
        }
        buffer = buffer.Slice(PrefixSize + payload.Length);
        return true;
    }

    /// <summary>The payload of the first frame when the buffer holds all of it.</summary>
    private static bool TryTakeFrame(ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < PrefixSize) return false;
        Span<byte> prefix = stackalloc byte[PrefixSize];
        buffer.Slice(0, PrefixSize).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > (uint)maxFrameSize)
            throw new InvalidDataException($"Frame length {length} exceeds the limit of {maxFrameSize} bytes.");
        if (buffer.Length < PrefixSize + length) return false;
        payload = buffer.Slice(PrefixSize, length);
        return true;
    }

    /// <summary>The keys every frame has, in order.</summary>
    public static IReadOnlyList<string> Keys => FrameKeys;

    private static readonly string[] FrameKeys =
        ["logger", "level", "message", "timestamp_ns", "filename", "line_number", "module_path", "thread_id", "thread_name", "key_values"];
}
