namespace Femto.Tests.Loggers;

/// <summary>A logger whose only handler is a built-in one hands records straight to that handler's queue while its
/// own queue is idle and empty, and through its queue otherwise. Mixing the two never reorders a producer's records
/// and never loses one uncounted.</summary>
public sealed class DirectHandOffTests : FemtoTestBase
{
    [TestCase("block", "block")]
    [TestCase("drop", "block")]
    [TestCase("block", "drop")]
    [TestCase("drop", "drop")]
    public void ProducersKeepTheirOrderAndEveryRecordIsWrittenOrCounted(string loggerPolicy, string handlerPolicy)
    {
        const int Producers = 4, PerProducer = 20_000;
        var log = NewLogger("direct");
        log.QueueCapacity = 64;
        log.OverflowPolicy = OverflowPolicy.Parse(loggerPolicy);
        var file = Track(new FileHandlerBuilder(TempPath("direct.log"))
            .WithCapacity(8) // tiny: the handler's queue is often full, so calls alternate between both paths
            .WithOverflowPolicy(OverflowPolicy.Parse(handlerPolicy))
            .WithFlushInterval(1000)
            .Build());
        log.AddHandler(file);

        using var start = new Barrier(Producers);
        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerProducer; i++) log.Info("{P} {S}", p, i);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.That(t.Join(Patience), Is.True);
        FlushOrFail(log);

        var last = Enumerable.Repeat(-1, Producers).ToArray();
        long lines = 0;
        foreach (var line in File.ReadLines(file.Path))
        {
            var parts = line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..].Split(' ');
            int p = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            int s = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(s, Is.GreaterThan(last[p]), $"producer {p}: record {s} written after {last[p]}");
            last[p] = s;
            lines++;
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines + log.DroppedCount + file.DroppedCount, Is.EqualTo((long)Producers * PerProducer), "written + dropped = sent");
            if (loggerPolicy == "block" && handlerPolicy == "block") Assert.That(lines, Is.EqualTo((long)Producers * PerProducer), "Block everywhere loses nothing");
        }
    }

    [Test]
    public void AHandlerReplacedAndClosedAsItsFirstRecordsArriveNeverThrowsIntoTheCaller()
    {
        // The window between a call seeing the handler open and the handler starting its queue: a close landing there
        // once threw ObjectDisposedException into the logging thread (a reconfiguration under load).
        const int Rounds = 200, PerProducer = 200;
        Exception? thrown = null;
        for (int round = 0; round < Rounds && thrown is null; round++)
        {
            var log = NewLogger("replaced" + round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            log.OverflowPolicy = OverflowPolicy.Block;
            var first = new FileHandlerBuilder(TempPath($"first{round}.log")).Build();
            var next = Track(new FileHandlerBuilder(TempPath($"next{round}.log")).Build());
            log.AddHandler(first);
            using var start = new Barrier(3);
            var threads = Enumerable.Range(0, 2).Select(p => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    for (int i = 0; i < PerProducer; i++) log.Info("{P} {S}", p, i);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref thrown, ex, null);
                }
            }) { IsBackground = true }).ToList();
            threads.ForEach(t => t.Start());
            start.SignalAndWait();
            first.ForwardTo(next);
            first.Close();
            foreach (var t in threads) Assert.That(t.Join(Patience), Is.True);
            FlushOrFail(log);
            Assert.That(next.Flush(Patience), Is.True);
            long written = File.ReadLines(first.Path).LongCount() + File.ReadLines(next.Path).LongCount();
            Assert.That(written, Is.EqualTo(2L * PerProducer), $"round {round}: Block loses nothing across the replacement");
        }
        Assert.That(thrown, Is.Null, thrown?.ToString());
    }

    [Test]
    public void ACustomHandlerBesideTheBuiltInOneStillRunsOnTheDispatchThreads()
    {
        var log = NewLogger("mixed");
        var file = Track(new FileHandlerBuilder(TempPath("mixed.log")).Build());
        string? thread = null;
        var custom = new ThreadNameHandler(name => thread = name);
        log.AddHandler(file);
        log.AddHandler(custom);
        log.Info("both");
        FlushOrFail(log);
        Assert.That(thread, Does.StartWith("femto dispatch"), "custom handlers run on the logger's dispatch, not the caller");
        Assert.That(File.ReadAllLines(file.Path), Has.Length.EqualTo(1));
    }

    private sealed class ThreadNameHandler(Action<string?> seen) : IFemtoHandler
    {
        public void Handle(string logger, FemtoLevel level, string message) => seen(Thread.CurrentThread.Name);
    }
}
