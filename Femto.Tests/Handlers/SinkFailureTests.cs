using System.Text;
using Femto.Handlers;

namespace Femto.Tests.Handlers;

/// <summary>A sink that fails: lost records are counted as drops, the failure is reported, Flush says so,
/// and the handler carries on once the sink recovers.</summary>
public sealed class SinkFailureTests : FemtoTestBase
{
    /// <summary>A stream that throws on write while <see cref="Failing"/> is set (the seam for sink failures).</summary>
    private sealed class FlakyStream : WriteOnlyStream
    {
        private readonly MemoryStream _inner = new();
        public volatile bool Failing;
        public string Text { get { lock (_inner) return Encoding.UTF8.GetString(_inner.ToArray()); } }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Failing) throw new IOException("disk full (simulated)");
            lock (_inner) _inner.Write(buffer);
        }
    }

    [Test]
    public void Failed_writes_count_lost_records_report_and_recover()
    {
        var stream = new FlakyStream();
        using var reports = new DiagnosticsCapture("disk full");
        var handler = Track(StreamHandlerBuilder.ForStream(stream).Build());

        handler.Handle("app", FemtoLevel.Info, "ok 1");
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Healthy));

        stream.Failing = true;
        handler.Handle("app", FemtoLevel.Info, "lost 1");
        handler.Handle("app", FemtoLevel.Info, "lost 2");
        Assert.That(handler.Flush(Patience), Is.False, "a flush whose write failed reports failure");
        Assert.That(handler.DroppedCount, Is.EqualTo(2), "both buffered records were lost and are counted");
        Assert.That(handler.ErrorCount, Is.GreaterThanOrEqualTo(1));
        Assert.That(reports.Seen.Wait(Patience), Is.True, "the failure was reported");
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(handler.Health.Reason, Does.Contain("disk full"));

        stream.Failing = false;
        handler.Handle("app", FemtoLevel.Info, "ok 2");
        Assert.That(handler.Flush(Patience), Is.True, "the handler recovers with the sink");
        Assert.That(stream.Text, Is.EqualTo("app [INFO] ok 1\napp [INFO] ok 2\n"));

        handler.Close();
        Assert.That(handler.Health, Is.EqualTo(new HandlerHealth(HealthStatus.Unhealthy, "closed")));
    }

    /// <summary>A stream whose writes wait on a gate, to hold a handler's worker inside a write.</summary>
    private sealed class GatedStream : WriteOnlyStream
    {
        public readonly ManualResetEventSlim Gate = new(false);
        public readonly ManualResetEventSlim Entered = new(false);
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Set();
            Gate.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Test]
    public void Drops_make_a_handler_degraded()
    {
        var stream = new GatedStream();
        var handler = Track(StreamHandlerBuilder.ForStream(stream).WithCapacity(1).Build());
        try
        {
            handler.Handle("app", FemtoLevel.Info, "written");     // the worker takes it and blocks in Write
            Assert.That(stream.Entered.Wait(Patience), Is.True);
            handler.Handle("app", FemtoLevel.Info, "queued");      // fills the one-slot queue
            handler.Handle("app", FemtoLevel.Info, "dropped");     // Drop policy: counted

            Assert.That(handler.DroppedCount, Is.EqualTo(1));
            Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(handler.Health.Reason, Does.Contain("dropping"));
        }
        finally
        {
            stream.Gate.Set();
        }
        Assert.That(handler.Flush(Patience), Is.True);
    }

    [Test]
    public void Failing_custom_formatter_skips_the_record_and_counts_an_error()
    {
        var stream = new FlakyStream();
        using var reports = new DiagnosticsCapture("formatter exploded");
        var handler = Track(StreamHandlerBuilder.ForStream(stream)
            .WithFormatter(r => r.Message == "bad" ? throw new InvalidOperationException("formatter exploded") : r.Message)
            .Build());

        handler.Handle("app", FemtoLevel.Info, "good 1");
        handler.Handle("app", FemtoLevel.Info, "bad");
        handler.Handle("app", FemtoLevel.Info, "good 2");
        Assert.That(handler.Flush(Patience), Is.True);

        Assert.That(stream.Text, Is.EqualTo("good 1\ngood 2\n"), "no half line is left behind");
        Assert.That(handler.ErrorCount, Is.EqualTo(1));
        Assert.That(reports.Seen.Wait(Patience), Is.True);
    }
}
