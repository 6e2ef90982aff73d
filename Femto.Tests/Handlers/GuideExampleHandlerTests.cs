using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers;

/// <summary>The queued handler docs/guide.md shows ("Writing a queued handler"), line for line, doing what the guide
/// says it does: buffering on its worker, writing after 200 ms of quiet on its clock, once 100 lines have gathered, on
/// flush and on close.</summary>
public sealed class GuideExampleHandlerTests : FemtoTestBase
{
    // ---- the guide's example, unchanged ----
    public sealed class LineBatchHandler(TextWriter output, TimeProvider? time = null)
        : FemtoHandler("lines", new HandlerSettings { Capacity = 4096, TimeProvider = time ?? TimeProvider.System })
    {
        private readonly StringBuilder _pending = new();
        private int _lines;

        // Worker thread, one record at a time, in order. The view is valid only during the call.
        protected override void Write(in FemtoRecordView record)
        {
            _pending.Append(record.LevelName).Append(' ').Append(record.Logger).Append(": ").Append(record.Message).Append('\n');
            _lines++;
        }

        // After each batch the worker took from the queue: write once enough has gathered.
        protected override void EndBatch()
        {
            if (_lines >= 100) FlushSink();
        }

        // Flush(), Close() and the idle timer end here; return false if the sink failed.
        protected override bool FlushSink()
        {
            if (_lines == 0) return true;
            output.Write(_pending.ToString());
            output.Flush();
            _pending.Clear();
            _lines = 0;
            return true;
        }

        // While this is true, OnIdle (default: FlushSink) runs once the queue has been quiet for IdleInterval,
        // timed on the handler's TimeProvider.
        protected override bool HasBufferedOutput => _lines > 0;
        protected override TimeSpan IdleInterval => TimeSpan.FromMilliseconds(200);

        // Once, on the worker, after the last record and flush.
        protected override void CloseSink() => output.Dispose();
    }
    // ---- end of the example ----

    /// <summary>A writer the test may read while the handler's worker writes to it.</summary>
    private sealed class Sink : StringWriter
    {
        public volatile bool Disposed;

        public override void Write(string? value)
        {
            lock (this) base.Write(value);
        }

        public override string ToString()
        {
            lock (this) return base.ToString();
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Test]
    public void ItWritesAfterQuietOnItsClockEveryHundredLinesOnFlushAndOnClose()
    {
        var clock = new FakeTimeProvider();
        var output = new Sink();
        var handler = Track(new LineBatchHandler(output, clock));
        var log = NewLogger("guide");
        log.AddHandler(handler);

        // Fewer than a hundred lines wait for 200 ms of quiet on the handler's clock (moved here, never slept).
        for (int i = 0; i < 50; i++) log.Info("quiet {I}", i);
        Assert.That(SpinWait.SpinUntil(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(200));
            return Lines(output) == 50;
        }, Patience), Is.True, "written once the queue was quiet for the idle interval");

        // A hundred or more at the end of a batch are written at once, with the clock standing still.
        for (int i = 0; i < 150; i++) log.Info("busy {I}", i);
        Assert.That(SpinWait.SpinUntil(() => Lines(output) >= 150, Patience), Is.True, "written at the end of a batch");

        log.Info("last");
        Assert.That(log.Flush(Patience) && handler.Flush(Patience), Is.True);
        Assert.That(Lines(output), Is.EqualTo(201));
        Assert.That(output.ToString(), Does.EndWith("INFO " + log.Name + ": last\n"));

        handler.Close();
        Assert.That(output.Disposed, Is.True, "CloseSink released the writer");
        Assert.That((handler.DroppedCount, handler.ErrorCount), Is.EqualTo((0L, 0L)));
    }

    private static int Lines(StringWriter output) => output.ToString().Count(c => c == '\n');
}
