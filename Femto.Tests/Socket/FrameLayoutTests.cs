using System.Buffers.Binary;
using System.Text;
using Femto.Handlers;

namespace Femto.Tests.Socket;

/// <summary>A frame as it leaves the socket, checked byte for byte against the SPEC layout by a MessagePack reader
/// written here (not the product's): 4-byte big-endian length, then a map of exactly the ten keys, in order.</summary>
public sealed class FrameLayoutTests : FemtoTestBase
{
    [Test]
    public void A_frame_on_the_wire_matches_the_specified_layout_byte_for_byte()
    {
        using var raw = new RawCapture();
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", raw.Port).Build());
        var record = new FemtoRecordBuilder()
            .Begin("api", FemtoLevel.Warn, "hi")
            .WithTimestampUnixNs(1_700_000_000_000_000_000)
            .WithThread(7, null)
            .WithCaller("/src/a.cs", 42, "Run")
            .AddKeyValue("n", -3).AddKeyValue("ok", true).AddKeyValue("x", 0.5).AddKeyValue("s", "v");
        handler.Handle(record.View);
        Assert.That(handler.Flush(Patience), Is.True);
        byte[] bytes = raw.WaitForBytes(4, Patience);
        int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes);
        bytes = raw.WaitForBytes(4 + length, Patience);
        Assert.That(bytes, Has.Length.EqualTo(4 + length), "exactly one frame");

        // Every byte spelled out from the MessagePack spec: fixmap of 10, fixstr keys, the smallest integer forms.
        var expected = new List<byte>();
        void Str(string s) { expected.Add((byte)(0xa0 | s.Length)); expected.AddRange(Encoding.UTF8.GetBytes(s)); }
        expected.Add(0x8a);
        Str("logger"); Str("api");
        Str("level"); Str("WARN");
        Str("message"); Str("hi");
        Str("timestamp_ns"); expected.Add(0xcf); expected.AddRange(BigEndian(1_700_000_000_000_000_000UL));
        Str("filename"); Str("/src/a.cs");
        Str("line_number"); expected.Add(42);
        Str("module_path"); Str("Run");
        Str("thread_id"); expected.Add(7);
        Str("thread_name"); expected.Add(0xc0);
        Str("key_values"); expected.Add(0x84);
        Str("n"); expected.Add(0xfd); // negative fixint -3
        Str("ok"); expected.Add(0xc3);
        Str("x"); expected.Add(0xcb); expected.AddRange(BigEndian(BitConverter.DoubleToUInt64Bits(0.5)));
        Str("s"); Str("v");
        Assert.That(length, Is.EqualTo(expected.Count));
        Assert.That(bytes[4..], Is.EqualTo(expected.ToArray()));

        // And the reader written here agrees on the structure: ten keys in the specified order.
        var keys = TopLevelKeys(bytes.AsSpan(4));
        Assert.That(keys, Is.EqualTo(RecordFrames.Keys));
    }

    private static byte[] BigEndian(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        return b;
    }

    /// <summary>Reads a fixmap's keys, skipping each value (only the forms a frame uses here).</summary>
    private static List<string> TopLevelKeys(ReadOnlySpan<byte> map)
    {
        Assert.That(map[0] & 0xf0, Is.EqualTo(0x80), "a fixmap");
        int entries = map[0] & 0x0f, at = 1;
        var keys = new List<string>();
        for (int i = 0; i < entries; i++)
        {
            keys.Add(ReadFixStr(map, ref at));
            Skip(map, ref at);
        }
        Assert.That(at, Is.EqualTo(map.Length), "nothing after the map");
        return keys;
    }

    private static string ReadFixStr(ReadOnlySpan<byte> b, ref int at)
    {
        int n = b[at] & 0x1f;
        Assert.That(b[at] & 0xe0, Is.EqualTo(0xa0), "a fixstr");
        string s = Encoding.UTF8.GetString(b.Slice(at + 1, n));
        at += 1 + n;
        return s;
    }

    private static void Skip(ReadOnlySpan<byte> b, ref int at)
    {
        byte c = b[at];
        if (c <= 0x7f || c >= 0xe0 || c is 0xc0 or 0xc2 or 0xc3) { at += 1; return; }
        if ((c & 0xe0) == 0xa0) { at += 1 + (c & 0x1f); return; }
        if ((c & 0xf0) == 0x80)
        {
            int n = c & 0x0f;
            at += 1;
            for (int i = 0; i < 2 * n; i++) Skip(b, ref at);
            return;
        }
        at += c switch { 0xcc or 0xd0 => 2, 0xcd or 0xd1 => 3, 0xce or 0xd2 => 5, 0xcf or 0xd3 or 0xcb => 9, _ => throw new AssertionException($"unexpected byte 0x{c:x2}") };
    }

    /// <summary>Accepts one connection and keeps every byte it receives.</summary>
    private sealed class RawCapture : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly List<byte> _bytes = [];
        private readonly Task _reader;

        public RawCapture()
        {
            _listener.Start();
            _reader = Task.Run(async () =>
            {
                using var client = await _listener.AcceptTcpClientAsync();
                var buffer = new byte[4096];
                int n;
                while ((n = await client.GetStream().ReadAsync(buffer)) > 0)
                    lock (_bytes) _bytes.AddRange(buffer.AsSpan(0, n));
            });
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public byte[] WaitForBytes(int count, TimeSpan timeout)
        {
            SpinWait.SpinUntil(() => { lock (_bytes) return _bytes.Count >= count; }, timeout);
            lock (_bytes) return [.. _bytes];
        }

        public void Dispose() => _listener.Stop();
    }
}
