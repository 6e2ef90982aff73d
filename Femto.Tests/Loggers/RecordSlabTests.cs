namespace Femto.Tests.Loggers;

/// <summary>Records go back to the magazine they were allocated with (RecordSlab), whichever worker handled them: a
/// thread keeps filling neighbouring records even after logging to several loggers in turn, a dying thread does not
/// strand its magazine, and a lost record gives its magazine's place in the budget back once the GC collects it.</summary>
public sealed class RecordSlabTests : FemtoTestBase
{
    /// <summary>Captures which record each call used (handled on the dispatch pool's workers).</summary>
    private sealed class SlabRecorder : IFemtoRecordHandler
    {
        public readonly List<(int Index, LogRecord Record)> Seen = [];

        public void Handle(in FemtoRecordView record)
        {
            int index = (int)record.Record.Slots[0].Lo;
            lock (Seen) Seen.Add((index, record.Record));
        }

        public void Handle(string logger, FemtoLevel level, string message) { }
    }

    private static (FemtoLogger A, FemtoLogger B, SlabRecorder Recorder) TwoLoggers()
    {
        var recorder = new SlabRecorder();
        var a = NewLogger("slab.a");
        var b = NewLogger("slab.b");
        foreach (var log in new[] { a, b })
        {
            log.OverflowPolicy = OverflowPolicy.Block;
            log.QueueCapacity = 4096;
            log.AddHandler(recorder);
        }
        return (a, b, recorder);
    }

    private static void LogInTurn(FemtoLogger a, FemtoLogger b, int count)
    {
        var thread = new Thread(() =>
        {
            for (int i = 0; i < count; i++) (i % 2 == 0 ? a : b).Info("record {I}", i);
        });
        thread.Start();
        thread.Join();
    }

    [Test]
    public void AfterLoggingToTwoLoggersInTurnAThreadStillFillsRecordsInAllocationOrder()
    {
        var (a, b, recorder) = TwoLoggers();
        const int Count = 2048;
        // The first round hands every other record to a different logger (and lane): had records gone back to the
        // worker that handled them, the magazines of the second round would hold every other record.
        LogInTurn(a, b, Count);
        Assert.That(a.Flush(Patience) && b.Flush(Patience), Is.True);
        lock (recorder.Seen) recorder.Seen.Clear();

        LogInTurn(a, b, Count);
        Assert.That(a.Flush(Patience) && b.Flush(Patience), Is.True);

        var byCall = recorder.Seen.OrderBy(s => s.Index).Select(s => s.Record).ToList();
        Assert.That(byCall, Has.Count.EqualTo(Count));
        int neighbours = 0, pairs = 0;
        for (int i = 1; i < byCall.Count; i++)
        {
            var previous = byCall[i - 1];
            var current = byCall[i];
            if (!ReferenceEquals(previous.Slab, current.Slab)) continue; // a new magazine
            pairs++;
            var records = current.Slab!.Records;
            // A thread takes a magazine's records from the last to the first.
            if (Array.IndexOf(records, current) == Array.IndexOf(records, previous) - 1) neighbours++;
        }
        Assert.That(pairs, Is.GreaterThan(Count / 2), "consecutive calls mostly fill records of one magazine");
        Assert.That(neighbours, Is.EqualTo(pairs), "each call fills the record allocated next to the previous call's");
    }

    [Test]
    public void AThreadThatEndsGivesBackTheRecordsItHadNotUsed()
    {
        var (a, _, recorder) = TwoLoggers();
        LogInTurn(a, a, 1); // the thread takes a magazine, uses one record, holds the next as its staging record
        Assert.That(a.Flush(Patience), Is.True);
        var slab = recorder.Seen.Single().Record.Slab!;
        Assert.That(slab.IsWhole, Is.False, "the thread's magazine is out while the thread lives");

        // The thread has ended: once its state is collected, its unused records count as back.
        for (int i = 0; i < 10 && !slab.IsWhole; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.That(slab.IsWhole, Is.True, "the magazine came back whole");
    }

    [Test]
    public void ALostRecordGivesItsMagazinesPlaceInTheBudgetBackOnceCollected()
    {
        var (a, _, _) = TwoLoggers();
        a.Info("warm");
        Assert.That(a.Flush(Patience), Is.True);
        CollectEverything(); // magazines earlier tests lost are counted first
        long aliveBefore = RecordPool.AliveCount, allocatedBefore = RecordPool.AllocatedCount;

        TakeAMagazineAndLoseIt();
        CollectEverything();

        long allocated = RecordPool.AllocatedCount - allocatedBefore; // the housekeeper may top the depot up meanwhile
        Assert.That(RecordPool.AliveCount, Is.EqualTo(aliveBefore + allocated - RecordPool.MagazineSize),
            "the lost magazine's records no longer count against the budget");
    }

    private static void CollectEverything()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void TakeAMagazineAndLoseIt()
    {
        Assert.That(RecordPool.TakeMagazine(out var magazine, isWorker: true), Is.True);
        Assert.That(magazine![0].Slab!.IsWhole, Is.False);
    }
}
