using Femto.Handlers;
using Femto.Tests.Reliability;

namespace Femto.Tests.Socket;

/// <summary>TLS with certificates generated in the test: trusted through <c>WithTrustedCertificate</c> it delivers;
/// untrusted or for the wrong host it fails closed (nothing sent, counted and reported, no crash).</summary>
[Category(Battery.Category)]
public sealed class TlsTests : FemtoTestBase
{
    private static readonly BackoffConfig Quick = new() { BaseMs = 5, CapMs = 20 };

    [Test]
    public void A_certificate_trusted_with_WithTrustedCertificate_delivers()
    {
        var (certificate, pem) = TestCertificates.SelfSigned(TempDir);
        using var receiver = FrameReceiver.Tcp(certificate);
        var handler = Track(new SocketHandlerBuilder().WithTcp("localhost", receiver.Port).WithTls("localhost").WithTrustedCertificate(pem).Build());
        for (int i = 0; i < 500; i++) handler.Handle("tls", FemtoLevel.Info, "secret " + i);
        Assert.That(handler.Flush(Patience), Is.True, handler.LastError);
        Assert.That(receiver.WaitFor(500, Patience), Is.True);
        Assert.That(receiver.Frames[499]["message"], Is.EqualTo("secret 499"));
        Assert.That(handler.Target, Is.EqualTo("tls://localhost:" + receiver.Port));
    }

    [Test]
    public void An_untrusted_certificate_fails_closed()
    {
        var (certificate, _) = TestCertificates.SelfSigned(TempDir);
        using var receiver = FrameReceiver.Tcp(certificate);
        var reports = Track(new DiagnosticsCapture("not trusted"));
        var handler = Track(new SocketHandlerBuilder().WithTcp("localhost", receiver.Port).WithTls("localhost").WithBackoff(Quick).Build());
        for (int i = 0; i < 10; i++) handler.Handle("tls", FemtoLevel.Info, "must not leak");
        Assert.That(handler.Flush(TimeSpan.FromSeconds(5)), Is.False);
        Assert.That(reports.Seen.Wait(Patience), Is.True, "the refusal is reported");
        Assert.That(handler.LastError, Does.Contain("certificate is not trusted"));
        Assert.That(handler.ErrorCount, Is.GreaterThan(0));
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        handler.Close();
        Assert.That((handler.SentCount, handler.DroppedBy(DropReason.Closed)), Is.EqualTo((0L, 10L)));
        Assert.That(receiver.Count, Is.Zero);
    }

    [Test]
    public void A_trusted_certificate_for_another_host_fails_closed()
    {
        var (certificate, pem) = TestCertificates.SelfSigned(TempDir, "collector.internal");
        using var receiver = FrameReceiver.Tcp(certificate);
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithTls("logs.example.com")
            .WithTrustedCertificate(pem).WithBackoff(Quick).Build());
        handler.Handle("tls", FemtoLevel.Info, "must not leak");
        Assert.That(handler.Flush(TimeSpan.FromSeconds(5)), Is.False);
        Assert.That(handler.LastError, Does.Contain("does not name the TLS domain"));
        handler.Close();
        Assert.That((handler.SentCount, handler.DroppedCount, receiver.Count), Is.EqualTo((0L, 1L, 0)));
    }

    [Test]
    public void Insecure_skips_validation_and_says_so()
    {
        var (certificate, _) = TestCertificates.SelfSigned(TempDir, "anything.internal");
        using var receiver = FrameReceiver.Tcp(certificate);
        var reports = Track(new DiagnosticsCapture("validation is OFF"));
        var handler = Track(new SocketHandlerBuilder().WithTcp("127.0.0.1", receiver.Port).WithTls("other", insecure: true).Build());
        Assert.That(reports.Seen.IsSet, Is.True);
        handler.Handle("tls", FemtoLevel.Info, "delivered anyway");
        Assert.That(handler.Flush(Patience), Is.True, handler.LastError);
        Assert.That(receiver.WaitFor(1, Patience), Is.True);
    }
}
