namespace Femto.Tests.Loggers;

/// <summary>Handlers that log: into their own logger on every record (a feedback loop, stopped after one round and
/// counted), and from inside a handler while the queue is full (dropped and counted, never a deadlock).</summary>
public sealed class ReentrancyTests : FemtoTestBase
{
    [Test]
    public void AHandlerLoggingIntoItsOwnLoggerOnEveryRecordStopsAfterOneRound()
    {
        using var diagnostics = new DiagnosticsCapture("feedback loop");
        var log = NewLogger("loop");
        var echo = new EchoHandler(log);
        log.AddHandler(echo);
        for (int i = 0; i < 100; i++) log.Info("original {I}", i);
        // Each original record is echoed once (depth 1); the echo of an echo (depth 2) is dropped and counted.
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(log.Flush(Patience), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(echo.Seen, Is.EqualTo(200), "100 originals and their 100 echoes reach the handler");
            Assert.That(log.DroppedCount, Is.EqualTo(100), "the echoes of echoes are dropped");
        }
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "the loop is reported");
    }

    [Test]
    public void ConcurrentPerLevelPolicyChangesAreNeverLost()
    {
        var log = NewLogger("policies");
        var levels = new[] { FemtoLevel.Trace, FemtoLevel.Debug, FemtoLevel.Info, FemtoLevel.Warn, FemtoLevel.Error, FemtoLevel.Critical };
        var policies = new[] { OverflowPolicy.Drop, OverflowPolicy.Block, OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(7)) };
        for (int round = 0; round < 200; round++)
        {
            var wanted = levels.Select((_, i) => policies[(round + i) % 3]).ToArray();
            Parallel.For(0, levels.Length, new ParallelOptions { MaxDegreeOfParallelism = levels.Length }, i => log.SetOverflowPolicy(levels[i], wanted[i]));
            for (int i = 0; i < levels.Length; i++)
                Assert.That(log.GetOverflowPolicy(levels[i]), Is.EqualTo(wanted[i]), $"round {round}: the update for {levels[i]} was lost");
        }
    }

    private sealed class EchoHandler(FemtoLogger log) : IFemtoHandler
    {
        private int _seen;
        public int Seen => Volatile.Read(ref _seen);

        public void Handle(string logger, FemtoLevel level, string message)
        {
            Interlocked.Increment(ref _seen);
            log.Info("echo of {Message}", message);
        }
    }
}
