using System.Globalization;
using Femto.Handlers;

namespace Femto.Tests.Socket;

/// <summary>The socket handler against real loopback listeners: TCP on ephemeral ports and a Unix socket.</summary>
public sealed class SocketHandlerTests : FemtoTestBase
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private FemtoSocketHandler Build(SocketHandlerBuilder builder) => Track(builder.Build());

    private static void LogTypedRecords(FemtoLogger log, int count)
    {
        for (int i = 0; i < count; i++)
            log.Info("record " + i.ToString(Inv), ("N", i), ("ratio", i / 4.0), ("even", i % 2 == 0), ("tag", i % 3 == 0 ? null : "t" + i.ToString(Inv)));
    }

    private static void AssertTypedRecords(IReadOnlyList<IReadOnlyDictionary<string, object?>> frames, int count)
    {
        Assert.That(frames, Has.Count.EqualTo(count));
        for (int i = 0; i < count; i++)
        {
            var f = frames[i];
            Assert.That(f["message"], Is.EqualTo("record " + i.ToString(Inv)), "in order");
            var kv = (IDictionary<object, object?>)f["key_values"]!;
            Assert.That(kv["N"], Is.TypeOf<long>().Or.TypeOf<byte>().Or.TypeOf<ushort>().Or.TypeOf<uint>().Or.TypeOf<ulong>().Or.TypeOf<int>().Or.TypeOf<short>().Or.TypeOf<sbyte>(), "an integer stays an integer");
            Assert.That(Convert.ToInt64(kv["N"], Inv), Is.EqualTo(i));
            Assert.That(kv["ratio"], Is.EqualTo(i / 4.0).And.TypeOf<double>());
            Assert.That(kv["even"], Is.EqualTo(i % 2 == 0).And.TypeOf<bool>());
            Assert.That(kv["tag"], i % 3 == 0 ? Is.Null : Is.EqualTo("t" + i.ToString(Inv)));
            Assert.That(f["level"], Is.EqualTo("INFO"));
            Assert.That(f["timestamp_ns"], Is.Not.Null);
        }
    }

    /// <summary>Logs 10,000 typed records through <paramref name="builder"/>'s handler (Block policies) and checks
    /// that all of them arrived, in order, with their types.</summary>
    private FemtoSocketHandler SendTenThousand(SocketHandlerBuilder builder, FrameReceiver receiver)
    {
        var handler = Build(builder.WithOverflowPolicy(OverflowPolicy.Block));
        var log = NewLogger("sock");
        log.OverflowPolicy = OverflowPolicy.Block;
        log.AddHandler(handler);
        LogTypedRecords(log, 10_000);
        FlushOrFail(log);
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(receiver.WaitFor(10_000, Patience), Is.True, $"received {receiver.Count}");
        AssertTypedRecords(receiver.Frames, 10_000);
        Assert.That((handler.SentCount, handler.DroppedCount, handler.ErrorCount), Is.EqualTo((10_000L, 0L, 0L)));
        return handler;
    }

    [Test]
    public void Ten_thousand_records_arrive_over_tcp_complete_in_order_with_their_types()
    {
        using var receiver = FrameReceiver.Tcp();
        var handler = SendTenThousand(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port), receiver);
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public void Ten_thousand_records_arrive_over_a_unix_socket()
    {
        string path = Path.Combine("/tmp", "femto-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        using var receiver = FrameReceiver.Unix(path);
        var handler = SendTenThousand(new SocketHandlerBuilder().WithUnixPath(path), receiver);
        Assert.That(handler.Target, Is.EqualTo("unix:" + path));
    }

    [Test]
    public void Frames_over_the_maximum_are_dropped_and_counted_and_flush_says_so()
    {
        using var receiver = FrameReceiver.Tcp();
        var handler = Build(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithMaxFrameSize(1024));
        var log = NewLogger("big");
        log.AddHandler(handler);
        log.Info("small");
        log.Info(new string('x', 2000));
        log.Info("small again");
        Assert.That(log.Flush(Patience), Is.False, "a record queued before the flush was not sent (the logger flushes its handlers)");
        Assert.That(receiver.WaitFor(2, Patience), Is.True);
        Assert.That(receiver.Frames.Select(f => f["message"]), Is.EqualTo(new[] { "small", "small again" }));
        Assert.That((handler.DroppedBy(DropReason.Oversize), handler.DroppedCount, handler.SentCount), Is.EqualTo((1L, 1L, 2L)));
        log.Info("after");
        FlushOrFail(log);
        Assert.That(handler.Flush(Patience), Is.True, "nothing lost since the last flush");
    }

    [Test]
    public void Close_flushes_then_the_handler_rejects_records()
    {
        using var receiver = FrameReceiver.Tcp();
        var handler = Build(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port));
        for (int i = 0; i < 100; i++) handler.Handle("direct", FemtoLevel.Warn, "m" + i.ToString(Inv));
        handler.Close();
        Assert.That(receiver.WaitFor(100, Patience), Is.True);
        Assert.That(handler.SentCount, Is.EqualTo(100));
        Assert.Throws<ObjectDisposedException>(() => handler.Handle("direct", FemtoLevel.Warn, "late"));
        Assert.That(handler.Flush(), Is.False);
        handler.Close(); // idempotent
    }

    [Test]
    public void Records_for_a_peer_that_never_comes_are_counted_as_dropped_at_close()
    {
        int port = FreePort();
        var handler = Build(new SocketHandlerBuilder().WithTcp("127.0.0.1", port).WithBackoff(new BackoffConfig { BaseMs = 10, CapMs = 20 }));
        var errors = Track(new DiagnosticsCapture("socket"));
        for (int i = 0; i < 50; i++) handler.Handle("down", FemtoLevel.Info, "m");
        Assert.That(handler.Flush(TimeSpan.FromSeconds(5)), Is.False);
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(handler.Health.Reason, Does.Contain("cannot deliver to 127.0.0.1:" + port.ToString(Inv)));
        Assert.That(handler.LastError, Does.Contain("127.0.0.1:" + port.ToString(Inv)));
        handler.Close();
        Assert.That((handler.SentCount, handler.DroppedBy(DropReason.Closed), handler.DroppedCount), Is.EqualTo((0L, 50L, 50L)));
        Assert.That(string.Join("\n", errors.Reports), Does.Contain("socket '127.0.0.1:" + port.ToString(Inv) + "'"));
    }

    /// <summary>A port nothing listens on (bound, then released).</summary>
    internal static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
