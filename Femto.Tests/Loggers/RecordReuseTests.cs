namespace Femto.Tests.Loggers;

/// <summary>Records that come back from a burst are kept for the next one: a queue of 60,000 held records refilled
/// again allocates at most the pool's reserve (it once let everything beyond 32,768 free records go, so every burst
/// allocated the rest again).</summary>
public sealed class RecordReuseTests : FemtoTestBase
{
    private const int Burst = 60_000;

    [Test]
    public void ASecondBurstAsLargeAsTheFirstReusesItsRecords()
    {
        var log = NewLogger("burst");
        log.QueueCapacity = 65_536;
        log.OverflowPolicy = OverflowPolicy.Block;
        var counter = new NoOpRecordHandler();
        log.AddHandler(counter);

        HeldBurst(log); // the first reaches the peak: records are allocated for it
        long allocated = RecordPool.AllocatedCount;
        HeldBurst(log);
        long again = RecordPool.AllocatedCount - allocated;

        Assert.That(counter.Count, Is.EqualTo(2L * Burst));
        // The housekeeper keeps a reserve ahead of the callers: as the second burst empties the depot it tops the
        // reserve up (at most MaxReserve records, and a few magazines a worker fills rather than wait). Letting the
        // first burst's records go would make the second allocate most of its 60,000 again (40,096 measured).
        Assert.That(again, Is.LessThanOrEqualTo(RecordPool.MaxReserve + 4L * RecordPool.MagazineSize), $"records allocated for the second burst: {again:N0}");
    }

    /// <summary><see cref="Burst"/> records queued behind a stalled handler at once, then let through.</summary>
    private void HeldBurst(FemtoLogger log)
    {
        var gate = Track(new GatedHandler());
        log.AddHandler(gate);
        log.Info("hold");
        Assert.That(gate.Entered.Wait(Patience), Is.True);
        for (int i = 0; i < Burst - 1; i++) log.Info("held {I}", i);
        gate.Open();
        Assert.That(log.Flush(Patience), Is.True);
        log.RemoveHandler(gate);
    }
}
