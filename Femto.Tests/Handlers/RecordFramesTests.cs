using System.Buffers;
using System.Buffers.Binary;
using Femto.Handlers;

namespace Femto.Tests.Handlers;

/// <summary>The socket wire format: length-prefixed MessagePack maps with a fixed key set, decoded as untrusted data.</summary>
public sealed class RecordFramesTests : FemtoTestBase
{
    /// <summary>Encodes every record it receives into one buffer of frames (views are only valid during the call).</summary>
    private sealed class FrameRecorder(int maxFrameSize = RecordFrames.DefaultMaxFrameSize) : IFemtoRecordHandler
    {
        private readonly object _sync = new();
        public readonly FemtoBuffer Frames = new(4096);
        public int Rejected;

        public void Handle(in FemtoRecordView record)
        {
            lock (_sync)
                if (!RecordFrames.Write(record, Frames, maxFrameSize)) Rejected++;
        }

        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();

        public List<IReadOnlyDictionary<string, object?>> Decode()
        {
            var seq = new ReadOnlySequence<byte>(Frames.WrittenMemory);
            var list = new List<IReadOnlyDictionary<string, object?>>();
            while (RecordFrames.TryRead(ref seq, RecordFrames.DefaultMaxFrameSize, out var frame)) list.Add(frame);
            Assert.That(seq.Length, Is.Zero, "bytes left over after the last frame");
            return list;
        }
    }

    [Test]
    public void Frame_has_exactly_the_specified_keys_and_a_big_endian_length_prefix()
    {
        var log = NewLogger("frames");
        var rec = new FrameRecorder();
        log.AddHandler(rec);
        log.Info("hello");
        FlushOrFail(log);

        var bytes = rec.Frames.WrittenSpan;
        uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        Assert.That(length, Is.EqualTo((uint)(bytes.Length - 4)));
        var frame = rec.Decode().Single();
        Assert.That(frame.Keys, Is.EquivalentTo(RecordFrames.Keys));
        Assert.That(frame["logger"], Is.EqualTo(log.Name));
        Assert.That(frame["level"], Is.EqualTo("INFO"));
        Assert.That(frame["message"], Is.EqualTo("hello"));
        Assert.That(frame["thread_id"], Is.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(frame["filename"], Does.EndWith("RecordFramesTests.cs"));
        Assert.That(frame["line_number"], Is.GreaterThan(0));
        Assert.That(frame["module_path"], Is.EqualTo(nameof(Frame_has_exactly_the_specified_keys_and_a_big_endian_length_prefix)));
        long ns = Convert.ToInt64(frame["timestamp_ns"], System.Globalization.CultureInfo.InvariantCulture);
        var stamped = DateTime.UnixEpoch.AddTicks(ns / 100);
        Assert.That(stamped, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Structured_values_keep_their_types_in_key_values()
    {
        var log = NewLogger("frames");
        var rec = new FrameRecorder();
        log.AddHandler(rec);
        log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
        log.Info("paid", ("user", 42L), ("amount", 9.5), ("ok", true), ("note", (string?)null));
        int id = 7;
        log.Info($"user {id} logged in");
        FlushOrFail(log);

        var frames = rec.Decode();
        Assert.That(frames, Has.Count.EqualTo(3));
        Assert.That(frames[0]["message"], Is.EqualTo("Hello, Bill Evance lives in Mumbai 31 years old"));
        var kv0 = (IDictionary<object, object?>)frames[0]["key_values"]!;
        Assert.That(kv0["Name"], Is.EqualTo("Bill Evance"));
        Assert.That(kv0["City"], Is.EqualTo("Mumbai"));
        Assert.That(Convert.ToInt64(kv0["Age"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(31));

        var kv1 = (IDictionary<object, object?>)frames[1]["key_values"]!;
        Assert.That(Convert.ToInt64(kv1["user"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(42));
        Assert.That(kv1["amount"], Is.EqualTo(9.5));
        Assert.That(kv1["ok"], Is.EqualTo(true));
        Assert.That(kv1["note"], Is.Null);
        Assert.That(frames[1]["message"], Is.EqualTo("paid"));

        var kv2 = (IDictionary<object, object?>)frames[2]["key_values"]!;
        Assert.That(Convert.ToInt64(kv2["id"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(7));
        Assert.That(frames[2]["message"], Is.EqualTo("user 7 logged in"));
    }

    [Test]
    public void Exception_travels_in_key_values()
    {
        var log = NewLogger("frames");
        var rec = new FrameRecorder();
        log.AddHandler(rec);
        try { throw new InvalidOperationException("boom"); }
        catch (InvalidOperationException ex) { log.Error(ex, "failed"); }
        FlushOrFail(log);

        var kv = (IDictionary<object, object?>)rec.Decode().Single()["key_values"]!;
        Assert.That(kv["exception.type"], Is.EqualTo(typeof(InvalidOperationException).FullName));
        Assert.That(kv["exception.message"], Is.EqualTo("boom"));
        Assert.That((string?)kv["exception.stack_trace"], Does.Contain(nameof(Exception_travels_in_key_values)));
    }

    [Test]
    public void Frames_over_the_size_limit_are_refused_and_leave_no_bytes()
    {
        var log = NewLogger("frames");
        // Caller info (the full source path) makes even a short record's frame a couple of hundred bytes.
        var rec = new FrameRecorder(maxFrameSize: 1024);
        log.AddHandler(rec);
        log.Info("small");
        log.Info(new string('x', 2000));
        log.Info("small again");
        FlushOrFail(log);

        Assert.That(rec.Rejected, Is.EqualTo(1));
        Assert.That(rec.Decode().Select(f => f["message"]), Is.EqualTo(new[] { "small", "small again" }));
    }

    [Test]
    public void Reader_rejects_an_oversized_length_before_decoding()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 10_000_000);
        var seq = new ReadOnlySequence<byte>(bytes);
        var ex = Assert.Throws<InvalidDataException>(() => RecordFrames.TryRead(ref seq, RecordFrames.DefaultMaxFrameSize, out _));
        Assert.That(ex!.Message, Does.Contain("10000000"));
    }

    [Test]
    public void Reader_rejects_garbage_and_maps_without_the_fixed_keys()
    {
        var garbage = new byte[] { 0, 0, 0, 3, 0xc1, 0xc1, 0xc1 }; // 0xc1 is never used in MessagePack
        var seq = new ReadOnlySequence<byte>(garbage);
        Assert.Throws<InvalidDataException>(() => RecordFrames.TryRead(ref seq, 1024, out _));

        var wrongMap = new byte[] { 0, 0, 0, 3, 0x81, 0xa1, (byte)'a' }; // {"a": <missing>} truncated → invalid
        seq = new ReadOnlySequence<byte>(wrongMap);
        Assert.Throws<InvalidDataException>(() => RecordFrames.TryRead(ref seq, 1024, out _));

        var partial = new byte[] { 0, 0, 0, 50, 0x80 };
        seq = new ReadOnlySequence<byte>(partial);
        Assert.That(RecordFrames.TryRead(ref seq, 1024, out _), Is.False, "an incomplete frame waits for more bytes");
    }
}
