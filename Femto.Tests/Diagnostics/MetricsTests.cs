namespace Femto.Tests.Diagnostics;

/// <summary>Delivery accounting through the <c>Femto</c> meter.</summary>
public sealed class MetricsTests : FemtoTestBase
{
    private static Dictionary<string, long> Collect(string component) => FemtoMeterReader.Collect(component);

    [Test]
    public void Accepted_processed_dropped_and_depth_are_published_per_component()
    {
        var log = NewLogger("metrics");
        log.QueueCapacity = 4;
        var gate = StallWorker(log, "first"); // taken by the worker, which then stalls on the gate
        // The record in hand still occupies its slot: 3 more fit, 7 are dropped.
        for (int i = 0; i < 10; i++) log.Info("more {I}", i);

        var stalled = Collect($"logger '{log.Name}'");
        Assert.That(stalled["femto.records.accepted"], Is.EqualTo(4));
        Assert.That(stalled["femto.records.dropped"], Is.EqualTo(7));
        Assert.That(stalled["femto.queue.depth"], Is.EqualTo(4));
        Assert.That(stalled["femto.records.processed"] + stalled["femto.queue.depth"], Is.EqualTo(stalled["femto.records.accepted"]),
            "every accepted record is processed or still queued");

        gate.Open();
        FlushOrFail(log);
        var drained = Collect($"logger '{log.Name}'");
        Assert.That(drained["femto.records.processed"], Is.EqualTo(4));
        Assert.That(drained["femto.queue.depth"], Is.Zero);
        Assert.That(drained["femto.errors"], Is.Zero);
    }
}
