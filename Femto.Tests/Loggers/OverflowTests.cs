using System.Diagnostics;
using System.Globalization;

namespace Femto.Tests.Loggers;

/// <summary>The logger queue's overflow policies: Block loses nothing and keeps each producer's order, Drop counts
/// exactly what it drops, Timeout waits about its timeout then drops; and flushes wait for stalled handlers.</summary>
public sealed class OverflowTests : FemtoTestBase
{
    [Test]
    public void DefaultsAreDropAnd1024()
    {
        var log = NewLogger("defaults");
        Assert.That(log.OverflowPolicy, Is.EqualTo(OverflowPolicy.Drop));
        Assert.That(log.QueueCapacity, Is.EqualTo(1024));
        Assert.That(log.DroppedCount, Is.Zero);
        Assert.That(log.HandlerErrorCount, Is.Zero);
    }

    [Test]
    public void BlockPolicyDeliversEveryRecordOfEightProducersInProducerOrder()
    {
        const int Producers = 8;
        const int PerProducer = 50_000;
        var log = NewLogger("block");
        log.QueueCapacity = 64; // tiny: producers spend most of the run blocked
        log.OverflowPolicy = OverflowPolicy.Block;
        var checker = new SequenceCheckingHandler(Producers);
        log.AddHandler(checker);

        using var start = new Barrier(Producers);
        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerProducer; i++) log.Info("{P}:{S}", p, i);
        }) { Name = "producer " + p, IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.That(t.Join(TimeSpan.FromSeconds(90)), Is.True, "a producer never finished: Block hung");
        FlushOrFail(log);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checker.OutOfOrder, Is.Empty, "each producer's records must arrive in the order it logged them");
            Assert.That(checker.NextExpected, Has.All.EqualTo(PerProducer), "every record of every producer must arrive");
            Assert.That(checker.Total, Is.EqualTo(Producers * PerProducer));
            Assert.That(log.DroppedCount, Is.Zero, "Block never drops");
        }
    }

    [Test]
    public void DropPolicyCountsExactlyWhatItDrops()
    {
        const int Sent = 1000;
        var log = NewLogger("drop");
        log.QueueCapacity = 16;
        Assert.That(log.OverflowPolicy, Is.EqualTo(OverflowPolicy.Drop));
        using var diagnostics = new DiagnosticsCapture(log.Name);
        var slow = StallWorker(log, "0");
        // The worker is stalled inside the handler: the queue fills and the rest is dropped.
        for (int i = 1; i < Sent; i++) log.Info("{I}", i);
        long droppedWhileStalled = log.DroppedCount;
        slow.Open();
        FlushOrFail(log);

        int delivered = slow.Count;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered + log.DroppedCount, Is.EqualTo(Sent), "delivered + dropped == sent");
            Assert.That(log.DroppedCount, Is.GreaterThan(0));
            Assert.That(log.DroppedCount, Is.EqualTo(droppedWhileStalled), "nothing is dropped after the stall ended");
            Assert.That(log.GetDropped(), Is.EqualTo(log.DroppedCount));
            Assert.That(delivered, Is.LessThanOrEqualTo(log.QueueCapacity + 1), "at most a queue-full (plus the record in hand) got through");
        }
        // What got through is a prefix of what was sent, in order.
        Assert.That(slow.Messages, Is.EqualTo(Enumerable.Range(0, delivered).Select(i => i.ToString(CultureInfo.InvariantCulture))).AsCollection);
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "drops must be reported on FemtoDiagnostics");
        Assert.That(diagnostics.Reports.First(r => r.Contains(log.Name, StringComparison.Ordinal)), Does.Contain("dropped"));
    }

    [Test]
    public void TimeoutPolicyWaitsAboutTheTimeoutThenDropsAndRecovers()
    {
        var log = NewLogger("timeout");
        log.QueueCapacity = 2;
        log.OverflowPolicy = OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(50));
        var stalled = StallWorker(log, "first");
        log.Info("second"); // fills the queue: the worker holds "first", "second" waits

        var watch = Stopwatch.StartNew();
        log.Info("third, times out");
        watch.Stop();
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(40)), "the call must wait for the timeout");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "and not much longer");
        Assert.That(log.DroppedCount, Is.EqualTo(1));

        watch.Restart();
        log.Info("fourth, times out too");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(40)));
        Assert.That(log.DroppedCount, Is.EqualTo(2));

        stalled.Open();
        FlushOrFail(log);
        log.Info("fifth, after the stall");
        FlushOrFail(log);

        Assert.That(stalled.Messages, Is.EqualTo(new[] { "first", "second", "fifth, after the stall" }).AsCollection);
        Assert.That(log.DroppedCount, Is.EqualTo(2));
    }

    [Test]
    public void BlockPolicyWaitsForTheStalledHandlerInsteadOfDropping()
    {
        var log = NewLogger("blockwait");
        log.QueueCapacity = 2;
        log.OverflowPolicy = OverflowPolicy.Block;
        var stalled = StallWorker(log, "1");
        log.Info("2");
        using var producerDone = new ManualResetEventSlim(false);
        var producer = new Thread(() =>
        {
            log.Info("3"); // blocks: the queue is full
            producerDone.Set();
        }) { IsBackground = true };
        producer.Start();
        Assert.That(producerDone.Wait(TimeSpan.FromMilliseconds(200)), Is.False, "a Block producer must wait while the queue is full");
        stalled.Open();
        Assert.That(producerDone.Wait(Patience), Is.True, "the producer must resume once there is room");
        Assert.That(producer.Join(Patience), Is.True);
        FlushOrFail(log);
        Assert.That(stalled.Messages, Is.EqualTo(new[] { "1", "2", "3" }).AsCollection);
        Assert.That(log.DroppedCount, Is.Zero);
    }

    [Test]
    public void QueueCapacityOfOneNeverOverwritesTheRecordInHand()
    {
        // Capacity 1 is accepted. While the worker is busy with record A, producers must neither overwrite A nor
        // lose count: B and C (Timeout policy) are delivered or dropped and counted, and once the handler is
        // released the queue works again.
        var log = NewLogger("cap1");
        log.QueueCapacity = 1;
        log.OverflowPolicy = OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(50));
        var stalled = StallWorker(log, "A");
        log.Info("B");
        log.Info("C");
        stalled.Open();
        Assert.That(log.Flush(TimeSpan.FromSeconds(3)), Is.True, "the queue must drain once the handler is released");
        log.Info("D");
        Assert.That(log.Flush(TimeSpan.FromSeconds(3)), Is.True);

        var got = stalled.Messages;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(got[0], Is.EqualTo("A"), "the record the handler was given must not change under it");
            Assert.That(got[^1], Is.EqualTo("D"), "the queue works again after the stall");
            Assert.That(got, Is.Unique, "no record may be delivered twice");
            Assert.That(got, Is.SubsetOf(new[] { "A", "B", "C", "D" }));
            Assert.That(got.Count + log.DroppedCount, Is.EqualTo(4), "delivered + dropped == sent");
        }
    }

    [Test]
    public void QueueCapacityMustBePositiveAndMayChangeWhileRecordsAreQueued()
    {
        var log = NewLogger("capacity");
        Assert.Throws<ArgumentOutOfRangeException>(() => log.QueueCapacity = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.QueueCapacity = -3);
        log.QueueCapacity = 4;
        var gate = StallWorker(log, "held"); // the record in the handler holds its place until handled
        for (int i = 0; i < 10; i++) log.Info("a{I}", i);
        Assert.That(log.QueuedCount, Is.EqualTo(4));
        Assert.That(log.DroppedCount, Is.EqualTo(7));

        log.QueueCapacity = 8; // raised while full: the next records fit
        for (int i = 0; i < 10; i++) log.Info("b{I}", i);
        Assert.That(log.QueuedCount, Is.EqualTo(8));
        Assert.That(log.DroppedCount, Is.EqualTo(13));

        log.QueueCapacity = 2; // lowered below what is queued: nothing queued is lost, new records are refused
        log.Info("refused");
        Assert.That(log.DroppedCount, Is.EqualTo(14));
        gate.Open();
        FlushOrFail(log);
        Assert.That(gate.Messages, Has.Count.EqualTo(1 + 3 + 4), "every accepted record was handled");
    }

    [Test]
    public void FlushWaitsForAStalledHandler()
    {
        var log = NewLogger("flushwait");
        var stalled = StallWorker(log, "held");

        Assert.That(log.Flush(TimeSpan.FromMilliseconds(100)), Is.False, "flush cannot finish while the handler is stalled");
        Assert.That(FemtoLogging.Flush(TimeSpan.FromMilliseconds(100)), Is.False);
        stalled.Open();
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(stalled.Messages, Is.EqualTo(new[] { "held" }).AsCollection);
    }

    /// <summary>Checks that each producer's sequence numbers arrive as 0, 1, 2, ... (message "{producer}:{seq}").</summary>
    private sealed class SequenceCheckingHandler(int producers) : IFemtoHandler
    {
        private readonly int[] _next = new int[producers];
        private readonly List<string> _outOfOrder = [];
        private int _total;

        public IReadOnlyList<int> NextExpected => _next;
        public IReadOnlyList<string> OutOfOrder => _outOfOrder;
        public int Total => _total;

        // Called from the logger's worker only.
        public void Handle(string logger, FemtoLevel level, string message)
        {
            _total++;
            int colon = message.IndexOf(':', StringComparison.Ordinal);
            int p = int.Parse(message.AsSpan(0, colon), CultureInfo.InvariantCulture);
            int s = int.Parse(message.AsSpan(colon + 1), CultureInfo.InvariantCulture);
            if (s != _next[p] && _outOfOrder.Count < 20) _outOfOrder.Add($"producer {p}: expected {_next[p]}, got {s}");
            _next[p] = s + 1;
        }
    }
}
