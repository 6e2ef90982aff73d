using System.Runtime.CompilerServices;

namespace Femto.Tests.Queues;

/// <summary>The shared queue/worker directly.</summary>
public sealed class RecordPumpTests
{
    [Test]
    public void A_stopped_pump_lets_go_of_its_records()
    {
        // Records are preallocated and reused while the worker runs; once it stops, whoever still holds the pump
        // (a disposed handler left attached to a logger) must not keep a ring full of records alive.
        var (pump, records) = FillAndStop(capacity: 64);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(records.Count(r => r.IsAlive), Is.Zero, "records still reachable through the stopped pump");
        Assert.That(pump.IsRunning, Is.False);
        Assert.That(pump.ProcessedCount, Is.EqualTo(64));
    }

    [Test]
    public void Records_offered_after_stop_are_refused_and_counted()
    {
        var pump = new RecordPump("test", 16, new NullConsumer());
        Assert.That(pump.Stop(TimeSpan.FromSeconds(10)), Is.True);
        for (int i = 0; i < 5; i++)
        {
            LogRecord? staged = new();
            staged.Begin(RecordShape.Plain, "late");
            Assert.That(pump.EnqueueSwap(ref staged, OverflowPolicy.Block), Is.False, "a stopped pump accepts nothing");
        }
        Assert.That(pump.DroppedCount, Is.EqualTo(5));
        Assert.That(pump.AcceptedCount, Is.Zero, "nothing was accepted");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (RecordPump Pump, List<WeakReference> Records) FillAndStop(int capacity)
    {
        var pump = new RecordPump("test", capacity, new NullConsumer());
        var records = new List<WeakReference>();
        for (int i = 0; i < capacity; i++)
        {
            LogRecord? staged = new();
            staged.Begin(RecordShape.Plain, "m" + i);
            records.Add(new WeakReference(staged));
            Assert.That(pump.EnqueueSwap(ref staged, OverflowPolicy.Block), Is.True);
        }
        Assert.That(pump.Flush(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(pump.Stop(TimeSpan.FromSeconds(10)), Is.True);
        return (pump, records);
    }

    private sealed class NullConsumer : IRecordConsumer
    {
        public void Consume(ref LogRecord? record) { }
        public void EndBatch() { }
        public bool Flush() => true;
        public bool HasIdleWork => false;
        public TimeSpan IdleInterval => TimeSpan.FromSeconds(1);
        public void OnIdle() { }
        public void OnStopped() { }
    }
}
