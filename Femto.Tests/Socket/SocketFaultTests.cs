using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Femto.Handlers;
using Femto.Tests.Reliability;

namespace Femto.Tests.Socket;

/// <summary>Network faults, part of the reliability battery: a receiver killed and restarted while records flow, a
/// peer that never reads, TLS that must fail closed. Exact accounting throughout: sent + dropped == logged.</summary>
[Category(Battery.Category)]
public sealed class SocketFaultTests : FemtoTestBase
{
    private static readonly BackoffConfig Quick = new() { BaseMs = 5, CapMs = 40, ResetAfterMs = 1_000, DeadlineMs = 60_000 };

    [Test]
    public void A_receiver_killed_and_restarted_ten_times_while_logging_loses_nothing_uncounted()
    {
        using var receiver = FrameReceiver.Tcp();
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithBackoff(Quick).WithCapacity(4096).Build());
        var log = NewLogger("restart");
        log.OverflowPolicy = OverflowPolicy.Block; // the logger never drops: every record reaches the handler
        log.QueueCapacity = 4096;
        log.AddHandler(handler);
        int restarts = Battery.Scale(10, 50);
        int perPhase = Battery.Scale(2_000, 20_000);
        long logged = 0;
        for (int r = 0; r <= restarts; r++)
        {
            int before = receiver.Count;
            for (int i = 0; i < perPhase; i++) log.Info("phase {P} record {I}", r, i);
            logged += perPhase;
            if (r == restarts) break;
            // Kill it while a connection carries this phase's records.
            Assert.That(SpinWait.SpinUntil(() => receiver.Count > before, Patience), Is.True,
                $"phase {r} reached the receiver (last error: {handler.LastError}; accept loop: {receiver.AcceptFailure?.Message ?? "running"})");
            receiver.Kill();
            for (int i = 0; i < perPhase / 4; i++) log.Info("while down {P} {I}", r, i);
            logged += perPhase / 4;
            receiver.Start();
        }
        Assert.That(SpinWait.SpinUntil(() => log.Flush(TimeSpan.FromSeconds(1)) && handler.Flush(TimeSpan.FromSeconds(1)), Patience), Is.True,
            $"the last flush must succeed once the receiver is back (last error: {handler.LastError}; sent {handler.SentCount}, " +
            $"dropped {handler.DroppedCount} of {logged}; accept loop: {receiver.AcceptFailure?.Message ?? "running"})");
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(logged), "every record sent or counted as dropped");
        TestContext.Out.WriteLine($"logged {logged}, sent {handler.SentCount}, dropped {handler.DroppedCount}, received {receiver.Count}, reconnects {handler.ReconnectCount}, accepted {receiver.Accepted}, errors {handler.ErrorCount}");
        Assert.That(handler.ReconnectCount, Is.GreaterThanOrEqualTo(restarts));
        Assert.That(receiver.Count, Is.LessThanOrEqualTo(handler.SentCount).And.GreaterThan(0));
        Assert.That(handler.Health.Status, Is.Not.EqualTo(HealthStatus.Unhealthy), handler.Health.Reason);
        TestContext.Out.WriteLine($"logged {logged}, sent {handler.SentCount}, dropped {handler.DroppedCount} (overflow {handler.DroppedBy(DropReason.Overflow)}), received {receiver.Count}, reconnects {handler.ReconnectCount}, accepted {receiver.Accepted}");
    }

    [Test]
    public void A_flush_that_failed_while_the_receiver_was_down_succeeds_once_the_records_went_out()
    {
        using var receiver = FrameReceiver.Tcp();
        receiver.Kill(); // down before the first record
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithBackoff(Quick).Build());
        for (int i = 0; i < 100; i++) handler.Handle("down", FemtoLevel.Info, "r" + i.ToString(CultureInfo.InvariantCulture));
        Assert.That(handler.Flush(Patience), Is.False, "nothing listens yet");
        receiver.Start();
        // No new record and no flush: the handler's own retry delivers what it holds.
        Assert.That(receiver.WaitFor(100, Patience), Is.True, $"received {receiver.Count}; last error: {handler.LastError}");
        Assert.That(handler.Flush(Patience), Is.True, "everything handed over before this flush went out, so it succeeds (not the last flush's failure)");
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo((100L, 0L)));
    }

    [Test]
    public void A_connection_that_reaches_itself_is_refused_instead_of_swallowing_records()
    {
        // On Linux, connecting to 127.0.0.1:P while nothing listens there may pick P itself as the ephemeral port:
        // TCP simultaneous open then connects the socket to itself, writes "succeed" into its own receive buffer, and
        // the port stays taken from the collector that wants to listen on it again. connect() draws even ports first,
        // so aim at an even one; the kernel reaches it within some thousands of attempts.
        int port = EvenPortNothingListensOn();
        var target = new SocketTarget("127.0.0.1", port, null, null, false, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var connector = new SocketConnector(target, TimeProvider.System);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int attempts = 0;
        string? reachedItself = null;
        while (reachedItself is null && attempts < 200_000 && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            attempts++;
            try
            {
                using var connection = connector.Connect();
                Assert.Fail($"connected to 127.0.0.1:{port}, where nothing listens (attempt {attempts}): the socket reached itself");
            }
            catch (IOException ex) when (ex.Message.Contains("itself", StringComparison.Ordinal))
            {
                reachedItself = ex.Message;
            }
            catch (IOException)
            {
                // refused: the usual outcome
            }
        }
        TestContext.Out.WriteLine($"{attempts} attempts in {watch.ElapsedMilliseconds} ms: {reachedItself ?? "never reached itself"}");
        if (reachedItself is null) Assert.Inconclusive($"the kernel never picked port {port} in {attempts} attempts");
        Assert.That(reachedItself, Does.Contain("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)));
        // The port was released at once (a reset, no TIME_WAIT): a receiver can listen there again.
        using var receiver = FrameReceiver.TcpOn(port);
        Assert.That(receiver.Port, Is.EqualTo(port));
    }

    /// <summary>An even loopback port in the ephemeral range that nothing is bound to right now.</summary>
    private static int EvenPortNothingListensOn()
    {
        for (int tries = 0; ; tries++)
        {
            int odd = SocketHandlerTests.FreePort(); // bind() draws odd ports
            int port = odd % 2 == 0 ? odd : odd - 1;
            try
            {
                using var probe = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (tries < 20)
            {
                // taken: try another
            }
        }
    }

    [Test]
    public void A_peer_that_never_reads_is_detected_by_the_write_timeout_and_never_blocks_callers()
    {
        using var receiver = FrameReceiver.Tcp(neverRead: true);
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithWriteTimeoutMs(200)
            .WithBackoff(Quick with { DeadlineMs = 1_000 }).WithCapacity(256).Build());
        var log = NewLogger("stuck");
        log.AddHandler(handler); // Drop policies: callers must never wait on the stuck peer
        string payload = new('p', 16 * 1024);
        int count = Battery.Scale(3_000, 30_000);
        var calls = Task.Run(() =>
        {
            for (int i = 0; i < count; i++) log.Info(payload);
        });
        Assert.That(calls.Wait(Patience), Is.True, "logging calls returned without waiting for the peer");
        Assert.That(SpinWait.SpinUntil(() => handler.ErrorCount > 0, Patience), Is.True, "the write timeout fired");
        Assert.That(handler.LastError, Is.Not.Null);
        log.Flush(TimeSpan.FromSeconds(1));
        handler.Close(TimeSpan.FromSeconds(10));
        long total = handler.SentCount + handler.DroppedCount + log.DroppedCount;
        Assert.That(total, Is.EqualTo(count), $"sent {handler.SentCount}, dropped {handler.DroppedCount}, logger dropped {log.DroppedCount}");
        Assert.That(handler.DroppedCount, Is.GreaterThan(0));
    }

    [Test]
    public void A_slow_reader_gets_everything_in_order_with_back_pressure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", port).WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(64).Build());
        var log = NewLogger("slow");
        log.OverflowPolicy = OverflowPolicy.Block;
        log.AddHandler(handler);
        int count = Battery.Scale(2_000, 20_000);
        var reader = Task.Run(() =>
        {
            using var client = listener.AcceptTcpClient();
            var stream = client.GetStream();
            var received = new List<string>();
            var prefix = new byte[4];
            while (received.Count < count)
            {
                stream.ReadExactly(prefix);
                var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
                stream.ReadExactly(body);
                var frame = MessagePack.MessagePackSerializer.Deserialize<Dictionary<string, object?>>(body);
                received.Add((string)frame["message"]!);
                if (received.Count % 200 == 0) Thread.Sleep(20); // a reader that falls behind
            }
            return received;
        });
        string filler = new('f', 2048);
        for (int i = 0; i < count; i++) log.Info(filler + i.ToString(CultureInfo.InvariantCulture));
        FlushOrFail(log);
        Assert.That(reader.Wait(Patience), Is.True);
        Assert.That(reader.Result, Is.EqualTo(Enumerable.Range(0, count).Select(i => filler + i.ToString(CultureInfo.InvariantCulture))));
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo(((long)count, 0L)));
    }
}
