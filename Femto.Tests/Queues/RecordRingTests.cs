namespace Femto.Tests.Queues;

/// <summary>The bounded ring directly: exact capacity, FIFO order, and reuse across laps, including tiny capacities.</summary>
public sealed class RecordRingTests
{
    private static LogRecord Record(string message)
    {
        var r = new LogRecord();
        r.Begin(RecordShape.Plain, message);
        return r;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(8)]
    [TestCase(16)]  // from 16 slots on, consecutive positions are spread over cache lines
    [TestCase(64)]
    [TestCase(100)] // not a power of two: plain modulo
    public void Holds_exactly_capacity_records_and_keeps_order_across_laps(int capacity)
    {
        var ring = new RecordRing(capacity);
        int next = 0, expected = 0;
        for (int lap = 0; lap < 5; lap++)
        {
            for (int i = 0; i < capacity; i++)
            {
                LogRecord? staged = Record($"m{next}");
                Assert.That(ring.TryEnqueueSwap(ref staged), Is.EqualTo((long)next), "position of the record");
                next++;
            }
            LogRecord? extra = Record("overflow");
            Assert.That(ring.TryEnqueueSwap(ref extra), Is.EqualTo(-1), "a full ring refuses the record");
            Assert.That(ring.TryEnqueueCopy(Record("overflow")), Is.EqualTo(-1));
            Assert.That(ring.Count, Is.EqualTo(capacity));

            for (int i = 0; i < capacity; i++)
            {
                var head = ring.TryPeek();
                Assert.That(head, Is.Not.Null);
                Assert.That(head!.Message, Is.EqualTo($"m{expected++}"));
                ring.ReleaseHead(null, handedOn: false);
            }
            Assert.That(ring.TryPeek(), Is.Null, "empty after draining");
            Assert.That(ring.HasPending, Is.False);
        }
    }

    [Test]
    public void Copy_enqueues_an_independent_copy()
    {
        var ring = new RecordRing(2);
        var source = Record("original");
        source.AddArg(42);
        Assert.That(ring.TryEnqueueCopy(source), Is.Zero);
        source.Begin(RecordShape.Plain, "changed afterwards");
        var head = ring.TryPeek()!;
        Assert.That(head, Is.Not.SameAs(source));
        Assert.That(head.Message, Is.EqualTo("original"));
        Assert.That(head.ArgCount, Is.EqualTo(1));
    }

    [TestCase(8)]
    [TestCase(64)]
    public void A_sealed_ring_refuses_every_claim_and_keeps_its_count(int capacity)
    {
        var ring = new RecordRing(capacity);
        for (int i = 0; i < 3; i++)
        {
            LogRecord? staged = Record($"m{i}");
            Assert.That(ring.TryEnqueueSwap(ref staged), Is.EqualTo((long)i));
        }
        var head = ring.TryPeek();
        Assert.That(head, Is.Not.Null);
        ring.ReleaseHead(null, handedOn: false);

        Assert.That(ring.Seal(), Is.EqualTo(3L), "positions claimed before the seal");
        Assert.That(ring.Seal(), Is.EqualTo(3L), "sealing twice changes nothing");

        LogRecord? late = Record("late");
        Assert.That(ring.TryEnqueueSwap(ref late), Is.EqualTo(-1), "a claim after the seal is refused");
        Assert.That(ring.TryEnqueueCopy(Record("late copy")), Is.EqualTo(-1));
        Assert.That(ring.EnqueuePosition, Is.EqualTo(3L), "the accepted count survives the seal");
        Assert.That(ring.Count, Is.EqualTo(2), "two records were claimed and never consumed");
        Assert.That(ring.HasPending, Is.True);
    }
}
