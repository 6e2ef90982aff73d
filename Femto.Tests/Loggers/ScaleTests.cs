using System.Collections.Concurrent;
using System.Diagnostics;

namespace Femto.Tests.Loggers;

/// <summary>Thousands of loggers on a few shared dispatch threads: every record arrives in each producer's order,
/// threads stay bounded, a slow handler on one logger does not hold up the others, and no handler can deadlock the
/// engine.</summary>
public sealed class ScaleTests : FemtoTestBase
{
    [Test]
    public void TwoThousandLoggersFedByEightThreadsWithBlockDeliverEveryRecordInProducerOrder()
    {
        const int Loggers = 2000, PerLogger = 504, Producers = 8, PerProducer = PerLogger / Producers;
        var checker = new PerLoggerSequenceHandler(Loggers, Producers);
        var parent = FemtoLogging.GetLogger(UniqueName("scale"));
        parent.Propagate = false;
        parent.AddHandler(checker);
        var loggers = Enumerable.Range(0, Loggers).Select(i =>
        {
            var log = FemtoLogging.GetLogger($"{parent.Name}.l{i}");
            log.OverflowPolicy = OverflowPolicy.Block;
            return log;
        }).ToArray();

        int maxFemtoThreads = 0;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxFemtoThreads = Math.Max(maxFemtoThreads, FemtoThreads.Count());
                stop.Token.WaitHandle.WaitOne(5);
            }
        }) { IsBackground = true };
        sampler.Start();

        using var start = new Barrier(Producers);
        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            for (int s = 0; s < PerProducer; s++)
                for (int i = 0; i < Loggers; i++)
                    loggers[i].Info("{L} {P} {S}", i, p, s);
        }) { IsBackground = true, Name = "producer " + p }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.That(t.Join(TimeSpan.FromSeconds(120)), Is.True, "a producer never finished: Block hung");
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        stop.Cancel();
        sampler.Join();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checker.Errors, Is.Empty, "each producer's records must reach each logger's handler in order");
            Assert.That(checker.Total, Is.EqualTo((long)Loggers * PerLogger), "every record must arrive");
            Assert.That(loggers.Sum(l => l.DroppedCount), Is.Zero, "Block never drops");
            // Femto's threads: the dispatch pool (at most 2 x cores), the housekeeper and the clock; no built-in
            // handler is attached in this test. Threads of the test host are not counted (they are not Femto's).
            Assert.That(maxFemtoThreads, Is.LessThanOrEqualTo(2 * Environment.ProcessorCount + 4), "threads must not grow with loggers");
        }
    }

    [Test]
    public void HandlersThatBlockHoldUpOnlyTheirOwnLoggers()
    {
        // As many loggers as the pool has dispatch workers get a handler that blocks (for up to 2 s): every base
        // worker is then stuck, and the pool must add one so that another logger's records still go through.
        int blockers = DispatchPool.Shared.BaseWorkers;
        using var release = new ManualResetEventSlim(false);
        var entered = new CountdownEvent(blockers);
        for (int i = 0; i < blockers; i++)
        {
            var slow = NewLogger("slow");
            slow.AddHandler(new BlockingHandler(entered, release, TimeSpan.FromSeconds(2)));
            slow.Info("blocks");
        }
        var clock = Stopwatch.StartNew();
        Assert.That(entered.Wait(Patience), Is.True, "the blocking handlers never ran");
        TestContext.Out.WriteLine($"blockers entered after {clock.ElapsedMilliseconds} ms");

        var fast = NewLogger("fast");
        var seen = new TimestampingHandler();
        fast.AddHandler(seen);
        var delays = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            long sent = Stopwatch.GetTimestamp();
            fast.Info("quick");
            Assert.That(seen.Arrived.Wait(TimeSpan.FromSeconds(1.5)), Is.True, "a record of another logger waited behind the blocked ones");
            seen.Arrived.Reset();
            delays.Add(Stopwatch.GetElapsedTime(sent, seen.At).TotalMilliseconds);
        }
        release.Set();
        TestContext.Out.WriteLine($"measured after {clock.ElapsedMilliseconds} ms");
        TestContext.Out.WriteLine($"delays (ms): {string.Join(", ", delays.Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
        // The first record may wait for the watchdog to add a worker (stuck after 20 ms, checked every 10 ms).
        Assert.That(delays.Max(), Is.LessThan(50), "another logger's records must not wait for a blocked handler");
    }

    [Test]
    public void AnArgumentWhoseToStringLogsCannotDeadlockTwoWorkers()
    {
        // The argument is rendered on the file handler's worker and logs into the same logger; with Block on the
        // logger and the handler and tiny queues, the producer, the dispatch worker and the handler's worker would
        // each wait for the next. Femto's threads never wait on a logger's queue, so this always finishes.
        var log = NewLogger("cycle");
        log.QueueCapacity = 2;
        log.OverflowPolicy = OverflowPolicy.Block;
        var file = Track(new FileHandlerBuilder(TempPath("cycle.log")).WithCapacity(2).WithOverflowPolicy(OverflowPolicy.Block).Build());
        log.AddHandler(file);
        var arg = new LoggingArgument(log);
        var producer = new Thread(() =>
        {
            for (int i = 0; i < 2000; i++) log.Info("value {V}", arg);
        }) { IsBackground = true };
        producer.Start();
        Assert.That(producer.Join(TimeSpan.FromSeconds(60)), Is.True, "deadlock: the producer never finished");
        Assert.That(log.Flush(Patience), Is.True);
        // Rendering the last records during that flush logged more: a second flush writes those (they log nothing).
        Assert.That(log.Flush(Patience), Is.True);
        long lines = File.ReadLines(file.Path).LongCount();
        // Every record from the producer is written; records logged from inside the worker are written or dropped
        // and counted, never lost silently.
        Assert.That(lines + log.DroppedCount + file.DroppedCount, Is.EqualTo(2000 + arg.Calls));
        Assert.That(lines, Is.GreaterThanOrEqualTo(2000));
    }

    /// <summary>Threads whose OS name starts with "femto" (Linux names threads after Thread.Name, 15 characters).</summary>
    private static class FemtoThreads
    {
        public static int Count()
        {
            if (!Directory.Exists("/proc/self/task")) return 0;
            int n = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith("femto", StringComparison.Ordinal)) n++;
                }
                catch (IOException)
                {
                    // The thread ended while we looked.
                }
            }
            return n;
        }
    }

    private sealed class PerLoggerSequenceHandler(int loggers, int producers) : IFemtoRecordHandler
    {
        private readonly int[] _next = new int[loggers * producers];
        private long _total;
        public ConcurrentQueue<string> Errors { get; } = new();
        public long Total => Interlocked.Read(ref _total);

        public void Handle(in FemtoRecordView record)
        {
            // Records of one logger arrive one at a time; different loggers may arrive on different workers.
            int l = (int)record.GetKeyValue(0).Value!, p = (int)record.GetKeyValue(1).Value!, s = (int)record.GetKeyValue(2).Value!;
            ref int next = ref _next[l * producers + p];
            if (s != next && Errors.Count < 10) Errors.Enqueue($"logger {l} producer {p}: {s} after {next - 1}");
            next = s + 1;
            Interlocked.Increment(ref _total);
        }

        public void Handle(string logger, FemtoLevel level, string message) => throw new NotSupportedException();
    }

    private sealed class BlockingHandler(CountdownEvent entered, ManualResetEventSlim release, TimeSpan limit) : IFemtoHandler
    {
        public void Handle(string logger, FemtoLevel level, string message)
        {
            entered.Signal();
            release.Wait(limit);
        }
    }

    private sealed class TimestampingHandler : IFemtoHandler
    {
        public ManualResetEventSlim Arrived { get; } = new(false);
        public long At;

        public void Handle(string logger, FemtoLevel level, string message)
        {
            At = Stopwatch.GetTimestamp();
            Arrived.Set();
        }
    }

    private sealed class LoggingArgument(FemtoLogger log)
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);

        public override string ToString()
        {
            Interlocked.Increment(ref _calls);
            log.Info("logged while rendering");
            return "arg";
        }
    }
}
