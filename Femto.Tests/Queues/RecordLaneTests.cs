using System.Runtime.CompilerServices;

namespace Femto.Tests.Queues;

/// <summary>The shared queue/worker (a lane run by a dispatch pool) directly.</summary>
public sealed class RecordLaneTests
{
    [Test]
    public void A_stopped_lane_lets_go_of_its_records()
    {
        // Whoever still holds a stopped lane (a disposed handler left attached to a logger) must not keep records alive.
        var (lane, records) = FillAndStop(count: 64);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(records.Count(r => r.IsAlive), Is.Zero, "records still reachable through the stopped lane");
        Assert.That(lane.IsRunning, Is.False);
        Assert.That(lane.ProcessedCount, Is.EqualTo(64));
    }

    [Test]
    public void Records_offered_after_stop_are_refused_and_counted()
    {
        var lane = new RecordLane("test", 16, new KeepingConsumer(), DispatchPool.Shared);
        Assert.That(lane.Stop(TimeSpan.FromSeconds(10)), Is.True);
        for (int i = 0; i < 5; i++)
        {
            var staged = new LogRecord();
            staged.Begin(RecordShape.Plain, "late");
            Assert.That(lane.Enqueue(staged, OverflowPolicy.Block), Is.False, "a stopped lane accepts nothing");
        }
        Assert.That(lane.DroppedCount, Is.EqualTo(5));
        Assert.That(lane.AcceptedCount, Is.Zero, "nothing was accepted");
    }

    [Test]
    public void A_dedicated_lane_runs_on_its_own_named_thread_and_stops_it()
    {
        var consumer = new KeepingConsumer();
        var lane = new RecordLane("test", 16, consumer, DispatchPool.Dedicated("femto lane test"));
        var r = new LogRecord();
        r.Begin(RecordShape.Plain, "x");
        Assert.That(lane.Enqueue(r, OverflowPolicy.Block), Is.True);
        Assert.That(lane.Flush(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(consumer.Thread, Is.Not.Null);
        Assert.That(consumer.Thread!.Name, Is.EqualTo("femto lane test"));
        Assert.That(lane.Stop(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(consumer.Thread.Join(TimeSpan.FromSeconds(10)), Is.True, "the dedicated thread exits with its lane");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (RecordLane Lane, List<WeakReference> Records) FillAndStop(int count)
    {
        var lane = new RecordLane("test", count, new KeepingConsumer(), DispatchPool.Shared);
        var records = new List<WeakReference>();
        for (int i = 0; i < count; i++)
        {
            var staged = new LogRecord();
            staged.Begin(RecordShape.Plain, "m" + i);
            records.Add(new WeakReference(staged));
            Assert.That(lane.Enqueue(staged, OverflowPolicy.Block), Is.True);
        }
        Assert.That(lane.Flush(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(lane.Stop(TimeSpan.FromSeconds(10)), Is.True);
        return (lane, records);
    }

    /// <summary>Keeps every record (as a hand-over to another queue would), so test records never enter the shared pool.</summary>
    private sealed class KeepingConsumer : IRecordConsumer
    {
        public Thread? Thread;
        public bool Consume(LogRecord record) { Thread = System.Threading.Thread.CurrentThread; return true; }
        public void EndBatch() { }
        public bool Flush() => true;
        public bool HasIdleWork => false;
        public TimeSpan IdleInterval => TimeSpan.FromSeconds(1);
        public void OnIdle() { }
        public void OnStopped() { }
    }
}
