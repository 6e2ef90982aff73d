namespace Femto.Tests.Reliability;

/// <summary>Failure reports do not depend on the component's own worker: drops into a hung handler are reported
/// while it hangs, once a second with the running count.</summary>
[Category(Battery.Category)]
public sealed class ReportingTests : FemtoTestBase
{
    [Test]
    public void DropsIntoAHungHandlerAreReportedWhileItHangs()
    {
        var log = NewLogger("hung");
        // Only this logger's reports: a component of an earlier test may still report its own counts meanwhile.
        using var diagnostics = new DiagnosticsCapture(r => r.Contains(log.Name, StringComparison.Ordinal) && r.Contains("records dropped", StringComparison.Ordinal));
        bool Mine(string r) => r.Contains(log.Name, StringComparison.Ordinal) && r.Contains("records dropped", StringComparison.Ordinal);
        log.QueueCapacity = 16;
        var gate = StallWorker(log, "held"); // the logger's dispatch is stuck in this handler until the gate opens
        for (int i = 0; i < 10_000; i++) log.Info("dropped {I}", i);
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "no report while the handler hangs");
        Assert.That(gate.Count, Is.Zero, "the handler is still hung: the report did not wait for it");
        var report = diagnostics.Reports.First(Mine);
        Assert.That(report, Does.Contain(log.Name).And.Contain("in total"));

        // More drops while still hung: the next report comes about a second later, with the running count.
        for (int i = 0; i < 1000; i++) log.Info("dropped again {I}", i);
        Assert.That(() => diagnostics.Reports.Count(Mine), Is.GreaterThanOrEqualTo(2).After(5000, 20));
        Assert.That(gate.Count, Is.Zero);
        Assert.That(diagnostics.Reports.Last(Mine), Does.Contain($"{log.DroppedCount} in total"));
    }
}
