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

    [Test]
    public void A_write_that_fills_the_disk_part_way_counts_exactly_and_resumes_at_a_line_boundary()
    {
        var disk = new DiskFullStream();
        using var entered = new ManualResetEventSlim(false);
        using var gate = new ManualResetEventSlim(false);
        int calls = 0;
        var handler = Track(StreamHandlerBuilder.ForStream(disk)
            .WithFormatter(r =>
            {
                // Hold the worker on the first record so the next five join its batch: one write for six lines.
                if (Interlocked.Increment(ref calls) == 1)
                {
                    entered.Set();
                    gate.Wait(Patience);
                }
                return r.Message;
            })
            .Build());

        handler.Handle("app", FemtoLevel.Info, "line-0");
        Assert.That(entered.Wait(Patience), Is.True);
        for (int i = 1; i < 6; i++) handler.Handle("app", FemtoLevel.Info, $"line-{i}");
        // Room for two whole lines and half of the third: "line-0\nline-1\nlin".
        disk.SpaceLeft = 7 + 7 + 3;
        gate.Set();

        Assert.That(handler.Flush(Patience), Is.False, "the write failed");
        Assert.That(disk.Failures, Is.GreaterThanOrEqualTo(1));
        Assert.That(disk.Text, Is.EqualTo("line-0\nline-1\nlin"));
        Assert.That(handler.DroppedCount, Is.EqualTo(3), "line-3..5 never started; line-0/1 landed and line-2 is kept");

        disk.SpaceLeft = long.MaxValue;
        handler.Handle("app", FemtoLevel.Info, "line-6");
        Assert.That(handler.Flush(Patience), Is.True, "the sink recovered");
        Assert.That(disk.Text, Is.EqualTo("line-0\nline-1\nline-2\nline-6\n"), "the torn line is completed, never glued to the next");
        Assert.That(handler.DroppedCount, Is.EqualTo(3));
    }

    [Test]
    public void A_line_left_torn_at_close_is_counted_as_lost()
    {
        var disk = new DiskFullStream { SpaceLeft = 3 };
        var handler = StreamHandlerBuilder.ForStream(disk).WithFormatter(r => r.Message).Build();
        handler.Handle("app", FemtoLevel.Info, "doomed");
        Assert.That(handler.Flush(Patience), Is.False);
        Assert.That(handler.DroppedCount, Is.Zero, "kept for completion, not yet lost");
        handler.Close();
        Assert.That(handler.DroppedCount, Is.EqualTo(1));
        Assert.That(disk.Text, Is.EqualTo("doo"));
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
