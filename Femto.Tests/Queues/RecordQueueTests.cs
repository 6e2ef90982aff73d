namespace Femto.Tests.Queues;

/// <summary>The bounded intrusive queue directly: exact capacity, FIFO order, reuse of records across rounds, tiny
/// capacities, sealing, and many producers.</summary>
public sealed class RecordQueueTests
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
    [TestCase(64)]
    [TestCase(100)]
    public void Holds_exactly_capacity_records_and_keeps_order_across_rounds(int capacity)
    {
        var queue = new RecordQueue(capacity);
        var records = Enumerable.Range(0, capacity + 1).Select(_ => new LogRecord()).ToArray();
        int next = 0, expected = 0;
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < capacity; i++)
            {
                var r = records[i];
                r.Begin(RecordShape.Plain, $"m{next}");
                Assert.That(queue.TryEnqueue(r), Is.EqualTo((long)next), "position of the record");
                next++;
            }
            Assert.That(queue.TryEnqueue(records[capacity]), Is.EqualTo(-1), "a full queue refuses the record");
            Assert.That(queue.Count, Is.EqualTo(capacity));

            for (int i = 0; i < capacity; i++)
            {
                var head = queue.TryDequeue();
                Assert.That(head, Is.Not.Null);
                Assert.That(head!.Message, Is.EqualTo($"m{expected++}"));
            }
            Assert.That(queue.TryDequeue(), Is.Null, "empty after draining");
            Assert.That(queue.HasPending, Is.False);
            Assert.That(queue.TryEnqueue(records[capacity]), Is.EqualTo(-1), "room is given back only when the consumer publishes it");
            queue.PublishReleased();
            Assert.That(queue.Count, Is.Zero);
        }
    }

    [Test]
    public void A_sealed_queue_refuses_every_claim_and_keeps_its_count()
    {
        var queue = new RecordQueue(8);
        for (int i = 0; i < 3; i++) Assert.That(queue.TryEnqueue(Record($"m{i}")), Is.EqualTo((long)i));
        Assert.That(queue.TryDequeue(), Is.Not.Null);
        queue.PublishReleased();

        Assert.That(queue.Seal(), Is.EqualTo(3L), "positions claimed before the seal");
        Assert.That(queue.Seal(), Is.EqualTo(3L), "sealing twice changes nothing");
        Assert.That(queue.TryEnqueue(Record("late")), Is.EqualTo(-1), "a claim after the seal is refused");
        Assert.That(queue.ClaimedCount, Is.EqualTo(3L), "the accepted count survives the seal");
        Assert.That(queue.Count, Is.EqualTo(2), "two records were claimed and never consumed");
        Assert.That(queue.HasPending, Is.True);

        queue.Abandon();
        Assert.That(queue.TryDequeue(), Is.Null, "an abandoned queue holds nothing");
        Assert.That(queue.HasPending, Is.False);
    }

    [Test]
    public void Many_producers_keep_their_own_order_and_lose_nothing()
    {
        const int producers = 4, perProducer = 100_000;
        var queue = new RecordQueue(1024);
        var last = new int[producers];
        Array.Fill(last, -1);
        long received = 0;
        string? failure = null;
        var consumer = Task.Run(() =>
        {
            while (Interlocked.Read(ref received) < producers * perProducer)
            {
                var r = queue.TryDequeue();
                if (r is null) { queue.PublishReleased(); Thread.SpinWait(10); continue; }
                int p = r.ThreadId, seq = r.LineNumber;
                if (seq != last[p] + 1) failure ??= $"producer {p}: {seq} after {last[p]}";
                last[p] = seq;
                Interlocked.Increment(ref received);
            }
            queue.PublishReleased();
        });
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                var r = new LogRecord { ThreadId = p, LineNumber = i };
                while (queue.TryEnqueue(r) < 0) Thread.SpinWait(20);
            }
        })).ToArray();
        Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(consumer.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(failure, Is.Null);
        Assert.That(received, Is.EqualTo(producers * perProducer));
        Assert.That(queue.ClaimedCount, Is.EqualTo(producers * perProducer));
        Assert.That(queue.Count, Is.Zero);
    }
}
