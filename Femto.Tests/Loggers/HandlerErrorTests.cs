namespace Femto.Tests.Loggers;

/// <summary>A throwing custom handler is counted and reported, and never disturbs the worker or other handlers.</summary>
public sealed class HandlerErrorTests : FemtoTestBase
{
    [Test]
    public void ThrowingHandlerDoesNotAffectTheOtherHandler()
    {
        const int Sent = 100;
        var log = NewLogger("throws");
        var flaky = new ThrowingHandler(everyNth: 7);
        var healthy = new CollectingHandler();
        log.AddHandler(flaky);
        log.AddHandler(healthy);
        using var diagnostics = new DiagnosticsCapture(log.Name);

        for (int i = 0; i < Sent; i++) log.Info("record {I}", i);
        FlushOrFail(log);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(flaky.Calls, Is.EqualTo(Sent), "the throwing handler keeps being called");
            Assert.That(flaky.Throws, Is.EqualTo(Sent / 7));
            Assert.That(healthy.Count, Is.EqualTo(Sent), "the second handler gets every record");
            Assert.That(healthy.Messages, Is.EqualTo(Enumerable.Range(0, Sent).Select(i => $"record {i}")).AsCollection);
            Assert.That(log.HandlerErrorCount, Is.EqualTo(flaky.Throws), "every throw is counted");
            Assert.That(log.DroppedCount, Is.Zero);
        }
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "handler errors must be reported on FemtoDiagnostics.Writer");
        var report = diagnostics.Reports.First(r => r.Contains(log.Name, StringComparison.Ordinal));
        Assert.That(report, Does.Contain(ThrowingHandler.FailureText).Or.Contain(nameof(ThrowingHandler)),
            "the report should say which handler failed or why");

        // The worker is still alive afterwards.
        log.Info("after the storm");
        FlushOrFail(log);
        Assert.That(healthy.Messages[^1], Is.EqualTo("after the storm"));
    }

    [Test]
    public void HandlerErrorReportsAreRateLimitedAndCarryTheRunningCount()
    {
        const int Sent = 1000;
        var log = NewLogger("storm");
        log.AddHandler(new ThrowingHandler(everyNth: 1));
        // A report about this logger that mentions the running total 1000 (not as part of "#1000", the text of one
        // exception, nor inside the logger's own name).
        using var total = new DiagnosticsCapture(line => line.Contains(log.Name, StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(line.Replace(log.Name, "", StringComparison.Ordinal), @"(?<![#\d])1000(?!\d)"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        for (int i = 0; i < Sent; i++) log.Info("boom {I}", i);
        FlushOrFail(log);
        Assert.That(log.HandlerErrorCount, Is.EqualTo(Sent));
        int reportsSoFar = total.Reports.Count(r => r.Contains(log.Name, StringComparison.Ordinal));
        double seconds = watch.Elapsed.TotalSeconds;
        Assert.That(reportsSoFar, Is.GreaterThanOrEqualTo(1), "the first failure is reported");
        Assert.That(reportsSoFar, Is.LessThanOrEqualTo(2 + (int)seconds), $"{Sent} failures in {seconds:0.0} s must not flood the channel");

        // The pending count is reported once the rate limit allows, with the running total.
        Assert.That(total.Seen.Wait(Patience), Is.True, $"a report with the running count {Sent}; got: {string.Join(" | ", total.Reports)}");
    }

    [Test]
    public void ThrowingHandlerOnAParentIsCountedByTheLoggerThatRanIt()
    {
        string top = UniqueName("errparent");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false;
        var child = FemtoLogging.GetLogger(top + ".child");
        parent.AddHandler(new ThrowingHandler(everyNth: 1));
        var healthy = new CollectingHandler();
        child.AddHandler(healthy);
        using var diagnostics = new DiagnosticsCapture(child.Name);

        for (int i = 0; i < 5; i++) child.Warn("w");
        FlushOrFail(child);
        Assert.That(healthy.Count, Is.EqualTo(5));
        Assert.That(child.HandlerErrorCount + parent.HandlerErrorCount, Is.EqualTo(5));
    }
}
