namespace Femto.Tests.Reliability;

/// <summary>Memory stays bounded when the sink stalls: thousands of loggers fill their queues until the record
/// budget is in use, then calls drop (and count) instead of growing; everything is accounted for afterwards.</summary>
[Category(Battery.Category)]
public sealed class BoundedMemoryTests : FemtoTestBase
{
    [Test]
    public void AStalledSinkBehindThousandsOfLoggersNeverHoldsMoreThanTheRecordBudget()
    {
        int loggers = 2_000, perLogger = Battery.Scale(100, 1_000);
        int budget = FemtoLogging.RecordBudget;
        var parent = FemtoLogging.GetLogger(UniqueName("mem"));
        parent.Propagate = false;
        var gate = Track(new GatedHandler());
        var counter = new NoOpRecordHandler();
        parent.AddHandler(gate);
        parent.AddHandler(counter);
        var logs = Enumerable.Range(0, loggers).Select(i => FemtoLogging.GetLogger($"{parent.Name}.c{i}")).ToArray();

        long before = GC.GetTotalMemory(forceFullCollection: true);
        long sent = 0;
        for (int k = 0; k < perLogger; k++)
            foreach (var log in logs) { log.Info("stalled {K} {Payload}", k, "0123456789abcdef0123456789abcdef"); sent++; }
        long alive = RecordPool.AliveCount;
        long during = GC.GetTotalMemory(forceFullCollection: true) - before;
        string state = $"sent {sent:N0}, records alive {alive:N0} (budget {budget:N0}, held back {RecordPool.HeldBackCount:N0}, free {RecordPool.FreeCount:N0}, queued {FemtoMetrics.QueuedRecords():N0}), heap growth {during / 1048576.0:F1} MB";
        TestContext.Out.WriteLine(state);

        using (Assert.EnterMultipleScope())
        {
            // A few magazines and spares of slack beyond the budget (Femto's own threads may allocate past it).
            Assert.That(alive, Is.LessThanOrEqualTo(budget + 64L * RecordPool.MagazineSize), $"records alive beyond the budget: {state}");
            // A record is ~330 B, up to ~730 B once calls with more than four values have grown the pool's records;
            // 2,000,000 records sent would be 0.7-1.5 GB unbounded.
            Assert.That(during, Is.LessThan((long)budget * 1024), "heap growth beyond what the budget allows");
        }
        gate.Open();
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        long dropped = logs.Sum(l => l.DroppedCount);
        Assert.That(counter.Count + dropped, Is.EqualTo(sent), "delivered + dropped = sent");
        Assert.That(dropped, Is.GreaterThan(0), "the budget must have been reached for this test to mean anything");
    }
}
