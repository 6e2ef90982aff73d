using Femto.Handlers;

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
        long lostBefore = RecordPool.LostCount;

        var slab = TakeAMagazineAndLoseIt();
        CollectEverything();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(slab.IsAlive, Is.False, "nothing refers to the lost magazine any more");
            Assert.That(RecordPool.LostCount - lostBefore, Is.EqualTo(RecordPool.MagazineSize),
                "the lost magazine's records no longer count against the budget");
        }
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
    private static WeakReference TakeAMagazineAndLoseIt()
    {
        Assert.That(RecordPool.TakeMagazine(out var magazine, isWorker: true), Is.True);
        Assert.That(magazine![0].Slab!.IsWhole, Is.False);
        return new WeakReference(magazine[0].Slab);
    }

    /// <summary>A stream whose writes block until released: a sink that hangs.</summary>
    private sealed class HangingStream : Stream
    {
        public readonly ManualResetEventSlim Release = new(false);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() => Release.Wait();
        public override int Read(byte[] buffer, int offset, int count) => 0;
        public override long Seek(long offset, SeekOrigin origin) => 0;
        public override void SetLength(long value) { }
        public override void Write(byte[] buffer, int offset, int count) => Release.Wait();
        public override void Write(ReadOnlySpan<byte> buffer) => Release.Wait();
    }

    [Test]
    public void RecordsStuckBehindAHungHandlerDoNotUseUpTheBudgetForOtherLoggers()
    {
        // One record in 64 goes to a handler that hangs, so every magazine the thread fills keeps one record behind it
        // and waits for it; the other 63 come back. Counted against the budget, those waiting magazines would use it
        // up after 64 of them, and every other logger's calls would then be dropped.
        int budget = FemtoLogging.RecordBudget;
        var hanging = new HangingStream();
        var hungHandler = Track(StreamHandlerBuilder.ForStream(hanging).WithCapacity(200).Build());
        try
        {
            FemtoLogging.RecordBudget = 4096;
            var hung = NewLogger("hung");
            hung.QueueCapacity = 16;
            hung.AddHandler(hungHandler);
            var healthy = NewLogger("healthy");
            var sink = new NoOpRecordHandler();
            healthy.AddHandler(sink);

            long allocatedBefore = RecordPool.AllocatedCount;
            long deadline = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
            int quietRounds = 0, rounds = 0;
            while (quietRounds < 300 && Environment.TickCount64 < deadline)
            {
                long dropped = healthy.DroppedCount;
                hung.Info("to the hung sink {R}", rounds);
                for (int i = 0; i < 63; i++) healthy.Info("healthy {R} {I}", rounds, i);
                Assert.That(healthy.Flush(Patience), Is.True);
                quietRounds = healthy.DroppedCount == dropped ? quietRounds + 1 : 0;
                rounds++;
            }
            Assert.That(quietRounds, Is.EqualTo(300), $"the healthy logger kept dropping ({healthy.DroppedCount} after {rounds} rounds)");
            // The records allocated meanwhile are bounded by the budget plus what the hung handler holds back.
            Assert.That(RecordPool.AllocatedCount - allocatedBefore,
                Is.LessThanOrEqualTo(RecordPool.HeldBackCount + 4096 + 4L * RecordPool.MagazineSize));
        }
        finally
        {
            hanging.Release.Set();
            FemtoLogging.RecordBudget = budget;
        }
    }

    /// <summary>Holds every record it is given at a gate, and keeps the first one.</summary>
    private sealed class HeldRecorder : IFemtoRecordHandler
    {
        public readonly ManualResetEventSlim Gate = new(false);
        public readonly ManualResetEventSlim Entered = new(false);
        public LogRecord? First;
        public int Count;

        public void Handle(in FemtoRecordView record)
        {
            First ??= record.Record;
            Entered.Set();
            Gate.Wait();
            Interlocked.Increment(ref Count);
        }

        public void Handle(string logger, FemtoLevel level, string message) { }
    }

    /// <summary>A logger whose handler holds every record until its gate opens.</summary>
    private static (FemtoLogger Log, HeldRecorder Held) HeldLogger(string name, int capacity)
    {
        var held = new HeldRecorder();
        var log = NewLogger(name);
        log.QueueCapacity = capacity;
        log.AddHandler(held);
        return (log, held);
    }

    [Test]
    public void ARecordHeldUpForLongIsReplacedSoTheRestOfItsMagazineComesBack()
    {
        var (hung, held) = HeldLogger("reclaim.hung", 64);
        var healthy = NewLogger("reclaim.healthy");
        healthy.AddHandler(new NoOpRecordHandler());
        try
        {
            RecordPool.Reclaim(spentForMs: 0); // what earlier tests left waiting
            long orphanedBefore = RecordPool.OrphanedCount;
            const int Rounds = 8;
            // One call in 64 goes to the held handler: each magazine the thread spends waits for one record.
            LogInTurn(hung, healthy, Rounds, healthyPerRound: 63);
            Assert.That(held.Entered.Wait(Patience), Is.True);
            // The healthy logger's lane may have been queued behind the held one while the only worker looked for
            // work: the housekeeper must still add a worker for it (it failed here about every other run until
            // DispatchPool.TakeReady armed the watch for lanes left waiting).
            Assert.That(healthy.Flush(Patience), Is.True);
            var first = held.First!;
            var slab = first.Slab!;
            Assert.That(slab.IsWhole, Is.False, "the magazine waits for its held record");

            RecordPool.Reclaim(spentForMs: 0);
            long orphaned = RecordPool.OrphanedCount - orphanedBefore;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(orphaned, Is.InRange(Rounds - 2, Rounds), "each spent magazine had its held record replaced");
                Assert.That(slab.IsWhole, Is.True, "the magazine is back without its held record");
                Assert.That(Array.IndexOf(slab.Records, first), Is.EqualTo(-1), "a fresh record took the held one's place");
            }

            // The held records still reach the handler, and coming back they are let go, not counted into the
            // magazine again (which would make it whole while one of its records is out).
            held.Gate.Set();
            Assert.That(hung.Flush(Patience), Is.True);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(held.Count, Is.EqualTo(Rounds));
                Assert.That(first.Out, Is.EqualTo(LogRecord.Home));
                Assert.That(slab.IsWhole && slab.ReturnedCount == 0, Is.True, "the orphan did not count itself back");
            }
        }
        finally
        {
            held.Gate.Set();
        }
    }

    [Test]
    public void ABacklogIsNotReplaced()
    {
        var (hung, held) = HeldLogger("reclaim.backlog", 1024);
        try
        {
            RecordPool.Reclaim(spentForMs: 0);
            long orphanedBefore = RecordPool.OrphanedCount, allocatedBefore = RecordPool.AllocatedCount;
            // A thread's neighbouring records all wait in one queue: its magazines hold nothing idle.
            LogInTurn(hung, hung, 4 * RecordPool.MagazineSize);
            Assert.That(held.Entered.Wait(Patience), Is.True);
            Assert.That(RecordPool.Reclaim(spentForMs: 0), Is.Zero);
            Assert.That(RecordPool.OrphanedCount, Is.EqualTo(orphanedBefore));
            held.Gate.Set();
            Assert.That(hung.Flush(Patience), Is.True);
            Assert.That(held.Count, Is.EqualTo(4 * RecordPool.MagazineSize));
            Assert.That(RecordPool.AllocatedCount - allocatedBefore, Is.LessThanOrEqualTo(RecordPool.ReserveTarget + 4L * RecordPool.MagazineSize),
                "no record was allocated to replace a waiting one");
        }
        finally
        {
            held.Gate.Set();
        }
    }

    /// <summary>A new thread logs <paramref name="rounds"/> rounds of one call to <paramref name="first"/> and
    /// <paramref name="healthyPerRound"/> calls to <paramref name="second"/>.</summary>
    private static void LogInTurn(FemtoLogger first, FemtoLogger second, int rounds, int healthyPerRound)
    {
        var thread = new Thread(() =>
        {
            for (int r = 0; r < rounds; r++)
            {
                first.Info("held {R}", r);
                for (int i = 0; i < healthyPerRound; i++) second.Info("healthy {R} {I}", r, i);
            }
        });
        thread.Start();
        thread.Join();
    }

    /// <summary>Checks that each producer's records arrive once each, in order, with their own values.</summary>
    private sealed class OrderChecker(int threads, bool slow) : IFemtoRecordHandler
    {
        private readonly int[] _next = new int[threads];
        public int Received;
        public string? Failure;

        public void Handle(in FemtoRecordView record)
        {
            int thread = (int)record.Record.Slots[0].Lo, seq = (int)record.Record.Slots[1].Lo;
            if (_next[thread] != seq) Failure ??= $"thread {thread}: record {seq} arrived when {_next[thread]} was due";
            _next[thread] = seq + 1;
            Received++;
            if (slow && seq % 512 == 0) Thread.SpinWait(20_000); // now and then a backlog builds up
        }

        public void Handle(string logger, FemtoLevel level, string message) { }
    }

    [Test]
    public void RecordsReplacedWhileTheyAreInFlightStillArriveOnceEachInOrder()
    {
        // The housekeeper's pass runs back to back with every magazine due (Reclaim(0)), so records are orphaned
        // while producers log, queues hold them and workers hand them back: none may be lost, doubled or reused while
        // it is still queued (a reused record would arrive with another call's values).
        const int Threads = 4, Calls = 30_000;
        var checkers = new[] { new OrderChecker(Threads, slow: true), new OrderChecker(Threads, slow: false), new OrderChecker(Threads, slow: false) };
        var logs = checkers.Select((c, i) =>
        {
            var log = NewLogger($"reclaim.race{i}");
            log.OverflowPolicy = OverflowPolicy.Block;
            log.QueueCapacity = 256;
            log.AddHandler(c);
            return log;
        }).ToArray();
        long orphanedBefore = RecordPool.OrphanedCount;
        int running = Threads;
        var producers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var seq = new int[logs.Length];
            for (int i = 0; i < Calls; i++)
            {
                int which = (i * 7 + t) % 5 == 0 ? 0 : 1 + i % 2; // the slow logger gets one call in five
                logs[which].Info("t {T} s {S}", t, seq[which]++);
            }
            Interlocked.Decrement(ref running);
        })).ToList();
        producers.ForEach(p => p.Start());
        while (Volatile.Read(ref running) > 0) RecordPool.Reclaim(spentForMs: 0);
        producers.ForEach(p => p.Join());
        foreach (var log in logs) Assert.That(log.Flush(Patience), Is.True);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checkers.Sum(c => c.Received), Is.EqualTo(Threads * Calls));
            foreach (var c in checkers) Assert.That(c.Failure, Is.Null);
            Assert.That(logs.Sum(l => l.DroppedCount), Is.Zero);
            Assert.That(RecordPool.OrphanedCount - orphanedBefore, Is.GreaterThan(0), "records were replaced while in flight");
        }
    }
}
