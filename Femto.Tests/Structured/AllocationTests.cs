using System.Runtime.CompilerServices;

namespace Femto.Tests.Structured;

/// <summary>The hot path allocates nothing once warm (template, key-value and interpolated calls), and disabled calls
/// neither allocate nor evaluate their arguments.</summary>
public sealed class AllocationTests : FemtoTestBase
{
    private const int Calls = 10_000;
    private const int WarmUpRounds = 4;
    private static int s_evaluations;

    [Test]
    public void TemplateCallAllocatesNothingOnceWarm()
    {
        AssertNoAllocations(static log => log.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31));
    }

    [Test]
    public void KeyValueCallAllocatesNothingOnceWarm()
    {
        AssertNoAllocations(static log => log.Info("paid", ("user", 42), ("amount", 9.5)));
    }

    [Test]
    public void InterpolatedCallAllocatesNothingOnceWarm()
    {
        AssertNoAllocations(static log =>
        {
            int id = 42;
            double amount = 9.5;
            log.Info($"user {id} paid {amount}");
        });
    }

    [Test]
    public void PlainCallAllocatesNothingOnceWarm()
    {
        AssertNoAllocations(static log => log.Warn("a constant message"));
    }

    [Test]
    public void DisabledInterpolatedCallDoesNotEvaluateItsHoles()
    {
        var log = NewLogger("lazy");
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);
        Assert.That(log.IsEnabled(FemtoLevel.Debug), Is.False, "root's default Info disables Debug");

        s_evaluations = 0;
        log.Debug($"expensive {Evaluate()} and {Evaluate():F2}");
        log.Trace($"more {Evaluate()}");
        log.Log(FemtoLevel.Debug, $"by level {Evaluate()}");
        Assert.That(s_evaluations, Is.Zero, "holes of a disabled call must not run");

        log.Info($"enabled {Evaluate()}");
        Assert.That(s_evaluations, Is.EqualTo(1), "holes of an enabled call run exactly once");
        FlushOrFail(log);
        Assert.That(sink.Count, Is.EqualTo(1));
    }

    [Test]
    public void DisabledCallsAllocateNothing()
    {
        var log = NewLogger("disabled");
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);
        log.Level = FemtoLevel.Error;
        Action<FemtoLogger> calls = static l =>
        {
            l.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31);
            l.Info("paid", ("user", 42), ("amount", 9.5));
            l.Debug($"user {Evaluate()} paid {9.5}");
            l.Warn("plain");
            l.Log(FemtoLevel.Trace, $"by level {Evaluate()}");
        };
        s_evaluations = 0;
        long[] rounds = AllocationMeter.Rounds(log, calls, Calls);
        Assert.That(AllocationMeter.Settled(rounds), Is.True, AllocationMeter.Describe(rounds));
        Assert.That(s_evaluations, Is.Zero);
        FlushOrFail(log);
        Assert.That(sink.Count, Is.Zero);
    }

    [Test]
    public void ABrandNewLoggerWithALargeQueueAllocatesNothingFromItsFirstCall()
    {
        // This thread has logged before (its per-thread state exists); the logger, its 65,536-record queue and its
        // handler are new. Records come from the shared pool, topped up by the housekeeper, never from the caller.
        var warm = NewLogger("warmthread");
        warm.AddHandler(new NoOpRecordHandler());
        for (int i = 0; i < 100; i++) warm.Info("warm {I}", i);
        FlushOrFail(warm);

        var log = NewLogger("fresh");
        log.QueueCapacity = 65_536;
        log.OverflowPolicy = OverflowPolicy.Block;
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);
        long bytes = Measure(log, static l => l.Info("Hello, {Name} lives in {City} {Age} years old", "Bill Evance", "Mumbai", 31), 100_000);
        FlushOrFail(log);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bytes, Is.Zero, "bytes allocated by the first 100,000 calls on a new logger");
            Assert.That(sink.Count, Is.EqualTo(100_000));
        }
    }

    private void AssertNoAllocations(Action<FemtoLogger> call)
    {
        var log = NewLogger("alloc");
        // A queue larger than a round, emptied between rounds, so no call ever finds it full.
        log.QueueCapacity = 16_384;
        log.OverflowPolicy = OverflowPolicy.Block;
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);

        long[] rounds = AllocationMeter.Rounds(log, call, Calls, () => FlushOrFail(log));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AllocationMeter.Settled(rounds), Is.True, $"calls once warm allocate nothing ({AllocationMeter.Describe(rounds)})");
            Assert.That(sink.Count, Is.EqualTo((long)Calls * rounds.Length), "every record reached the handler");
            Assert.That(log.DroppedCount, Is.Zero);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Measure(FemtoLogger log, Action<FemtoLogger> call, int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) call(log);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int Evaluate()
    {
        s_evaluations++;
        return s_evaluations;
    }
}
