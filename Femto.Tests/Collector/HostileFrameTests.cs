using System.Buffers.Binary;
using System.Net.Sockets;
using Femto.Handlers;
using Femto.Tests.Reliability;

namespace Femto.Tests.Collector;

/// <summary>Hostile input to <c>femto listen</c>: each closes only its own connection (counted and reported) while
/// another sender keeps delivering.</summary>
[Category(Battery.Category)]
public sealed class HostileFrameTests : FemtoTestBase
{
    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static IEnumerable<(string Name, byte[] Bytes, bool CloseOurSide)> Inputs()
    {
        yield return ("length 0xFFFFFFFF", [0xff, 0xff, 0xff, 0xff, 0x80], false);
        var random = new byte[4096];
        new Random(20261129).NextBytes(random);
        random[0] = 0x7f; // a length far over the limit, whatever the seed
        yield return ("random bytes", random, false);
        yield return ("10k-deep nested arrays", Frame([.. Enumerable.Repeat((byte)0x91, 10_000), 0xc0]), false);
        yield return ("a map declaring 1M entries", Frame([0xdf, 0x00, 0x0f, 0x42, 0x40, 0xa1, (byte)'k', 0x01]), false);
        yield return ("a map missing keys", Frame([0x81, 0xa6, .. "logger"u8.ToArray(), 0xa1, (byte)'x']), false);
        yield return ("a truncated frame", [0x00, 0x00, 0x01, 0x00, 0x8a, 0xa6], true);
    }

    [Test]
    public void Each_hostile_input_closes_only_its_connection_while_another_sender_keeps_delivering()
    {
        string output = TempPath("collected.log");
        using var collector = CollectorProcess.Start(1, null, "--tcp", "127.0.0.1:0", "--out", output, "--max-frame", "65536");
        var good = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", collector.Port).WithOverflowPolicy(OverflowPolicy.Block).Build());
        int delivered = 0;
        void DeliverBatch(string tag)
        {
            for (int i = 0; i < 50; i++) good.Handle("good", FemtoLevel.Info, $"{tag} {i}");
            delivered += 50;
            Assert.That(good.Flush(Patience), Is.True, good.LastError);
        }
        DeliverBatch("before");
        int rounds = Battery.Scale(1, 10);
        int hostile = 0;
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, bytes, closeOurSide) in Inputs())
            {
                using var attacker = new TcpClient();
                attacker.Connect("127.0.0.1", collector.Port);
                var stream = attacker.GetStream();
                stream.Write(bytes);
                if (closeOurSide) attacker.Client.Shutdown(SocketShutdown.Send);
                stream.ReadTimeout = (int)Patience.TotalMilliseconds;
                int read;
                try { read = stream.Read(new byte[16]); }
                catch (IOException) { read = 0; } // reset: closed just the same
                Assert.That(read, Is.Zero, $"{name}: the collector closed the connection");
                hostile++;
                DeliverBatch("after " + name);
            }
        }
        Assert.That(good.ReconnectCount, Is.Zero, "the good sender's connection was never touched");
        Assert.That(SpinWait.SpinUntil(() => File.Exists(output) && LineCount(output) >= delivered, Patience), Is.True);
        Assert.That(collector.Stop(), Is.Zero);
        Assert.That(LineCount(output), Is.EqualTo(delivered));
        int truncated = rounds;
        Assert.That(collector.Stderr, Does.Contain($"{delivered} records from {hostile + 1} connections; {hostile - truncated} connections closed for malformed frames; {truncated} ended inside a frame"));
        Assert.That(collector.Stderr, Does.Contain("Frame length 4294967295 exceeds the limit of 65536 bytes"));
        Assert.That(collector.Stderr, Does.Contain("nested deeper than"));
        Assert.That(collector.Stderr, Does.Contain("declares 1000000 entries"));
        Assert.That(collector.Stderr, Does.Contain("truncated frame dropped"));
    }

    private static int LineCount(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
