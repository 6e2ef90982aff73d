using Femto.Handlers;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Socket;

/// <summary>Builder validation, and the backoff deadline driven by a fake clock.</summary>
public sealed class SocketValidationTests : FemtoTestBase
{
    [Test]
    public void Setters_reject_out_of_range_values_naming_them()
    {
        var b = new SocketHandlerBuilder();
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithTcp("localhost", 0))!.ParamName, Is.EqualTo("port"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithTcp("localhost", 65536))!.ParamName, Is.EqualTo("port"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithConnectTimeoutMs(0))!.ParamName, Is.EqualTo("timeoutMs"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithWriteTimeoutMs(-5))!.ParamName, Is.EqualTo("timeoutMs"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithMaxFrameSize(0))!.ParamName, Is.EqualTo("bytes"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => b.WithCapacity(0))!.ParamName, Is.EqualTo("capacity"));
        Assert.Throws<ArgumentException>(() => b.WithTcp(" ", 9020));
        Assert.Throws<ArgumentException>(() => b.WithUnixPath(""));
        Assert.That((b.Host, b.Port), Is.EqualTo(("localhost", 9020)), "defaults, untouched by rejected calls");
    }

    [Test]
    public void Combinations_that_cannot_work_fail_at_Build()
    {
        Assert.That(Assert.Throws<HandlerConfigException>(() => new SocketHandlerBuilder().WithUnixPath("/tmp/x.sock").WithTls("x").Build())!.Message, Does.Contain("Unix"));
        Assert.Throws<HandlerConfigException>(() => new SocketHandlerBuilder().WithBackoff(new BackoffConfig { BaseMs = 10_000, CapMs = 100 }).Build());
        Assert.Throws<HandlerConfigException>(() => new SocketHandlerBuilder().WithTrustedCertificate("/tmp/ca.pem").Build());
        var missing = Assert.Throws<HandlerConfigException>(() => new SocketHandlerBuilder().WithTls("x").WithTrustedCertificate(TempPath("none.pem")).Build());
        Assert.That(missing!.Message, Does.Contain("none.pem"));
    }

    [Test]
    public void After_the_deadline_queued_records_are_dropped_and_counted_and_attempts_go_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        int port = SocketHandlerTests.FreePort();
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", port).WithTimeProvider(clock)
            .WithBackoff(new BackoffConfig { BaseMs = 1_000, CapMs = 1_000, DeadlineMs = 10_000 }).Build());
        for (int i = 0; i < 5; i++) handler.Handle("down", FemtoLevel.Info, "queued");
        Assert.That(handler.Flush(Patience), Is.False, "refused: nothing delivered");
        Assert.That(handler.DroppedCount, Is.Zero, "kept while within the deadline");

        clock.Advance(TimeSpan.FromSeconds(11)); // the next attempt fails past the deadline
        Assert.That(SpinWait.SpinUntil(() => handler.DroppedBy(DropReason.Deadline) == 5, Patience), Is.True, "dropped at the deadline");
        handler.Handle("down", FemtoLevel.Info, "while still down");
        Assert.That(SpinWait.SpinUntil(() => handler.DroppedBy(DropReason.Deadline) == 6, Patience), Is.True, "dropped as it comes");
        Assert.That(handler.Health.Reason, Does.Contain("past the backoff deadline"));

        using var receiver = FrameReceiver.TcpOn(port);
        clock.Advance(TimeSpan.FromSeconds(2));
        handler.Handle("up", FemtoLevel.Info, "delivered again");
        Assert.That(handler.Flush(Patience), Is.False, "delivered, but records were dropped since the last flush");
        Assert.That(receiver.WaitFor(1, Patience), Is.True, handler.LastError);
        handler.Handle("up", FemtoLevel.Info, "and again");
        Assert.That(handler.Flush(Patience), Is.True, handler.LastError);
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo((2L, 6L)));
        Assert.That(handler.Health.Status, Is.Not.EqualTo(HealthStatus.Unhealthy));
    }
}
