using System.Buffers;
using System.Text.Json;
using MessagePack;

namespace Femto.Handlers;

/// <summary>Checks and decodes a received frame's payload (untrusted bytes).</summary>
internal static class FrameDecoder
{
    /// <summary>Walks the payload without recursion or allocation: one value, nested no deeper than
    /// <paramref name="maxDepth"/>, no array or map declaring more entries than the bytes left could hold, nothing
    /// after it. Decoding may then allocate and recurse safely.</summary>
    /// <exception cref="InvalidDataException">The structure is malformed.</exception>
    public static void Validate(ReadOnlySequence<byte> payload, int maxDepth)
    {
        var r = new MessagePackReader(payload);
        Span<long> pending = stackalloc long[Math.Min(maxDepth, 1024) + 2];
        int top = 0;
        pending[0] = 1;
        while (top >= 0)
        {
            if (pending[top] == 0)
            {
                top--;
                continue;
            }
            pending[top]--;
            if (r.End) throw new InvalidDataException("Frame is truncated: a value is missing.");
            long remaining = payload.Length - r.Consumed;
            switch (r.NextMessagePackType)
            {
                case MessagePackType.Map:
                case MessagePackType.Array:
                    bool map = r.NextMessagePackType == MessagePackType.Map;
                    long entries = map ? 2L * ReadHeader(ref r, map) : ReadHeader(ref r, map);
                    // Every entry takes at least one byte: a larger count is a lie meant to make a decoder allocate.
                    if (entries > remaining) throw new InvalidDataException($"Frame declares {(map ? entries / 2 : entries)} entries in {remaining} bytes.");
                    if (++top > maxDepth) throw new InvalidDataException($"Frame is nested deeper than {maxDepth} levels.");
                    pending[top] = entries;
                    break;
                default:
                    r.Skip(); // a scalar, string, binary or extension: no recursion
                    break;
            }
        }
        if (!r.End) throw new InvalidDataException("Frame has bytes after its map.");
    }

    private static long ReadHeader(ref MessagePackReader r, bool map)
    {
        // The headers carry their count in the first bytes; read it before MessagePack's own checks so our message says what was wrong.
        var peek = r.CreatePeekReader();
        byte code = peek.NextCode;
        long count = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => code & 0x0F,
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => code & 0x0F,
            MessagePackCode.Map16 or MessagePackCode.Array16 => ReadBigEndian(ref peek, 2),
            MessagePackCode.Map32 or MessagePackCode.Array32 => ReadBigEndian(ref peek, 4),
            _ => throw new InvalidDataException("Frame has an invalid container header."),
        };
        long remaining = r.Sequence.Length - r.Consumed;
        if ((map ? 2 * count : count) > remaining)
            throw new InvalidDataException($"Frame declares {count} entries in {remaining} bytes.");
        return map ? r.ReadMapHeader() : r.ReadArrayHeader();
    }

    private static long ReadBigEndian(ref MessagePackReader peek, int bytes)
    {
        var raw = peek.ReadRaw(1 + bytes).ToArray();
        long value = 0;
        for (int i = 1; i <= bytes; i++) value = (value << 8) | raw[i];
        return value;
    }

    /// <summary>Decodes a validated payload into <paramref name="record"/>.</summary>
    public static void Decode(ReadOnlySequence<byte> payload, FemtoRecordBuilder record, MessagePackSerializerOptions options)
    {
        var r = new MessagePackReader(payload);
        if (r.NextMessagePackType != MessagePackType.Map) throw new InvalidDataException("Frame is not a map.");
        int count = r.ReadMapHeader();
        if (count != RecordFrames.Keys.Count) throw new InvalidDataException($"Frame has {count} keys, expected exactly {RecordFrames.Keys.Count}.");
        string? logger = null, message = null, file = null, module = null, threadName = null;
        FemtoLevel level = FemtoLevel.Info;
        long timestampNs = 0, threadId = 0;
        int line = 0;
        MessagePackReader keyValues = default;
        int seen = 0;
        for (int i = 0; i < count; i++)
        {
            string key = r.NextMessagePackType == MessagePackType.String ? r.ReadString()! : throw new InvalidDataException("Frame keys must be strings.");
            int bit = KeyBit(key);
            if ((seen & bit) != 0) throw new InvalidDataException($"Frame has the key '{key}' twice.");
            seen |= bit;
            switch (key)
            {
                case "logger": logger = Text(ref r, key); break;
                case "level":
                    string name = Text(ref r, key);
                    if (!FemtoLevels.TryParse(name, out level)) throw new InvalidDataException($"Frame has an unknown level '{name}'.");
                    break;
                case "message": message = Text(ref r, key); break;
                case "timestamp_ns": timestampNs = Integer(ref r, key); break;
                case "filename": file = NullableText(ref r, key); break;
                case "line_number":
                    long l = r.TryReadNil() ? 0 : Integer(ref r, key);
                    line = l is >= 0 and <= int.MaxValue ? (int)l : throw new InvalidDataException($"Frame has an invalid line_number {l}.");
                    break;
                case "module_path": module = NullableText(ref r, key); break;
                case "thread_id": threadId = Integer(ref r, key); break;
                case "thread_name": threadName = NullableText(ref r, key); break;
                case "key_values":
                    if (r.NextMessagePackType != MessagePackType.Map) throw new InvalidDataException("Frame key 'key_values' must be a map.");
                    keyValues = r.CreatePeekReader();
                    r.Skip(); // validated: bounded depth
                    break;
            }
        }
        record.Begin(logger!, level, message!)
            .WithTimestampUnixNs(timestampNs)
            .WithThread((int)Math.Clamp(threadId, int.MinValue, int.MaxValue), threadName)
            .WithCaller(file, line, module);
        int pairs = keyValues.ReadMapHeader();
        for (int i = 0; i < pairs; i++)
        {
            string key = keyValues.NextMessagePackType == MessagePackType.String
                ? keyValues.ReadString()! : throw new InvalidDataException("key_values keys must be strings.");
            AddValue(ref keyValues, record, key, options);
        }
    }

    private static int KeyBit(string key)
    {
        for (int i = 0; i < RecordFrames.Keys.Count; i++)
            if (RecordFrames.Keys[i] == key) return 1 << i;
        throw new InvalidDataException($"Frame has an unknown key '{key}'.");
    }

    private static string Text(ref MessagePackReader r, string key) =>
        r.NextMessagePackType == MessagePackType.String ? r.ReadString()! : throw new InvalidDataException($"Frame key '{key}' must be a string.");

    private static string? NullableText(ref MessagePackReader r, string key) => r.TryReadNil() ? null : Text(ref r, key);

    private static long Integer(ref MessagePackReader r, string key) =>
        r.NextMessagePackType == MessagePackType.Integer ? r.ReadInt64() : throw new InvalidDataException($"Frame key '{key}' must be an integer.");

    private static void AddValue(ref MessagePackReader r, FemtoRecordBuilder record, string key, MessagePackSerializerOptions options)
    {
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Nil:
                r.ReadNil();
                record.AddKeyValue(key, (string?)null);
                break;
            case MessagePackType.Boolean:
                record.AddKeyValue(key, r.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (r.NextCode == MessagePackCode.UInt64)
                {
                    ulong u = r.ReadUInt64();
                    if (u > long.MaxValue) record.AddKeyValue(key, u);
                    else record.AddKeyValue(key, (long)u);
                }
                else record.AddKeyValue(key, r.ReadInt64());
                break;
            case MessagePackType.Float:
                record.AddKeyValue(key, r.ReadDouble());
                break;
            case MessagePackType.String:
                record.AddKeyValue(key, r.ReadString());
                break;
            case MessagePackType.Binary:
                record.AddKeyValue(key, Convert.ToBase64String(r.ReadBytes()!.Value.ToArray()));
                break;
            default:
                // Arrays, maps and extensions: decoded as untrusted data, carried as JSON text (a timestamp as a time).
                object? value = MessagePackSerializer.Deserialize<object>(ref r, options);
                if (value is DateTime time) record.AddKeyValue(key, time);
                else record.AddKeyValue(key, JsonText(value));
                break;
        }
    }

    private static string JsonText(object? value)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output))
            WriteJson(w, value);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case ulong u: w.WriteNumberValue(u); break;
            case sbyte or byte or short or ushort or int or uint or long: w.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case System.Collections.IDictionary map:
                w.WriteStartObject();
                foreach (System.Collections.DictionaryEntry e in map)
                {
                    w.WritePropertyName(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    WriteJson(w, e.Value);
                }
                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteJson(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }
}
