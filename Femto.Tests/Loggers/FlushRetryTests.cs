namespace Femto.Tests.Loggers;

/// <summary>A flush that failed is not the last word: the next flush asks the sink again even when no record came in
/// between, because the sink may still hold what it could not write then (a peer that was down) and have written it
/// since. A flush after a successful one with nothing new stays free.</summary>
public sealed class FlushRetryTests : FemtoTestBase
{
    /// <summary>Holds what it is handed until <see cref="Reachable"/> is set; a flush writes the held records out
    /// when it can and fails otherwise.</summary>
    private sealed class HoldingHandler() : FemtoHandler("holding", new HandlerSettings())
    {
        private int _held, _written, _flushes;
        public volatile bool Reachable;
        public int Written => Volatile.Read(ref _written);
        public int Flushes => Volatile.Read(ref _flushes);

        protected override void Write(in FemtoRecordView record) => _held++;

        protected override bool FlushSink()
        {
            Interlocked.Increment(ref _flushes);
            if (!Reachable) return false;
            Interlocked.Add(ref _written, _held);
            _held = 0;
            return true;
        }
    }

    [Test]
    public void A_flush_after_a_failed_one_asks_the_sink_again_without_new_records()
    {
        var handler = Track(new HoldingHandler());
        handler.Handle("app", FemtoLevel.Info, "held");
        Assert.That(handler.Flush(Patience), Is.False, "the sink could not write");
        Assert.That(handler.Flush(Patience), Is.False, "still unreachable: asked again, still failing");
        Assert.That(handler.Flushes, Is.EqualTo(2));

        handler.Reachable = true;
        Assert.That(handler.Flush(Patience), Is.True, "the sink is asked again and writes what it held");
        Assert.That(handler.Written, Is.EqualTo(1));
        Assert.That(handler.Flushes, Is.EqualTo(3));

        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(handler.Flushes, Is.EqualTo(3), "after a successful flush with nothing new the sink is not asked");
    }
}
