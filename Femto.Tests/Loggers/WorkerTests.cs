using System.Globalization;
using System.Runtime.CompilerServices;

namespace Femto.Tests.Loggers;

/// <summary>The logger's queue and worker in awkward situations: re-entrant logging, handler lists captured at
/// enqueue, shutdown while producers are blocked, execution context, and odd queue sizes.</summary>
public sealed class WorkerTests : FemtoTestBase
{
    private static readonly AsyncLocal<string?> s_ambient = new();

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(100)]
    public void BlockPolicyLosesNothingWithSmallAndOddCapacities(int capacity)
    {
        const int Producers = 4;
        const int PerProducer = 5_000;
        var log = NewLogger("odd");
        log.QueueCapacity = capacity;
        log.OverflowPolicy = OverflowPolicy.Block;
        var handler = new PlainCollectingHandler();
        log.AddHandler(handler);

        var threads = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            for (int i = 0; i < PerProducer; i++) log.Info("{P} {I}", p, i);
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.That(t.Join(TimeSpan.FromSeconds(60)), Is.True, "a Block producer hung");
        FlushOrFail(log);

        Assert.That(log.DroppedCount, Is.Zero);
        var perProducer = handler.Lines
            .Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..].Split(' '))
            .GroupBy(parts => parts[0], parts => int.Parse(parts[1], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.That(perProducer.Keys, Is.EquivalentTo(Enumerable.Range(0, Producers).Select(p => p.ToString(CultureInfo.InvariantCulture))));
        foreach (var (p, seq) in perProducer)
            Assert.That(seq, Is.EqualTo(Enumerable.Range(0, PerProducer)).AsCollection, $"producer {p}: every record, in order");
    }

    [Test]
    public void LoggingInsideAnInterpolatedHoleKeepsBothRecordsIntact()
    {
        var log = NewLogger("nested");
        var handler = new CollectingHandler();
        log.AddHandler(handler);

        log.Info($"outer {Inner(log)} done");
        log.Info("after");
        FlushOrFail(log);

        Assert.That(handler.Messages, Is.EqualTo(new[] { "inner 7", "outer 42 done", "after" }).AsCollection,
            "the nested call is enqueued first; neither record may be overwritten by the other");
    }

    [Test]
    public void AThrowingHoleDoesNotBreakLaterCalls()
    {
        var log = NewLogger("throwinghole");
        var handler = new CollectingHandler();
        log.AddHandler(handler);

        Assert.Throws<InvalidOperationException>(() => log.Info($"broken {Explode()}"));
        log.Info($"fine {1}");
        log.Info("{A}", "template");
        FlushOrFail(log);
        Assert.That(handler.Messages, Is.EqualTo(new[] { "fine 1", "template" }).AsCollection);
    }

    [Test]
    public void RemovingAHandlerAffectsOnlyRecordsEnqueuedAfterwards()
    {
        var log = NewLogger("removal");
        var gate = Track(new GatedHandler());
        var removed = new CollectingHandler();
        log.AddHandler(gate);
        log.AddHandler(removed);

        log.Info("1");
        Assert.That(gate.Entered.Wait(Patience), Is.True);
        log.Info("2"); // queued while the worker is stalled: still carries both handlers
        Assert.That(log.RemoveHandler(removed), Is.True);
        log.Info("3");
        gate.Open();
        FlushOrFail(log);

        Assert.That(gate.Messages, Is.EqualTo(new[] { "1", "2", "3" }).AsCollection);
        Assert.That(removed.Messages, Is.EqualTo(new[] { "1", "2" }).AsCollection);
    }

    [Test]
    public void AHandlerLoggingIntoItsOwnLoggerNeverDeadlocks()
    {
        var log = NewLogger("reentrant");
        log.QueueCapacity = 2;
        log.OverflowPolicy = OverflowPolicy.Block;
        var echo = new EchoHandler(log, echoes: 10);
        log.AddHandler(echo);

        log.Info("trigger");
        Assert.That(log.Flush(Patience), Is.True, "the worker must not wait on its own full queue");
        Assert.That(echo.Received + log.DroppedCount, Is.EqualTo(1 + 10), "every echo is either delivered or dropped and counted");
        Assert.That(echo.Received, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void ShutdownReleasesAProducerBlockedOnAStalledWorker()
    {
        var log = NewLogger("stuck");
        log.QueueCapacity = 2;
        log.OverflowPolicy = OverflowPolicy.Block;
        using var diagnostics = new DiagnosticsCapture("shutdown");
        StallWorker(log, "held"); // the gate is opened in tear-down
        log.Info("queued");
        using var released = new ManualResetEventSlim(false);
        var producer = new Thread(() =>
        {
            log.Info("blocked");
            released.Set();
        }) { IsBackground = true };
        producer.Start();
        Assert.That(released.Wait(TimeSpan.FromMilliseconds(100)), Is.False, "the producer is blocked");

        Assert.That(FemtoLogging.Shutdown(TimeSpan.FromMilliseconds(300)), Is.False, "shutdown cannot finish while the handler is stalled");
        Assert.That(released.Wait(Patience), Is.True, "a stopped worker must release blocked producers");
        Assert.That(producer.Join(Patience), Is.True);
        Assert.That(log.DroppedCount, Is.GreaterThanOrEqualTo(1), "the blocked record was dropped and counted");
        Assert.That(diagnostics.Seen.Wait(Patience), Is.True, "an unfinished shutdown is reported");
    }

    [Test]
    public void WorkersDoNotInheritTheCallersExecutionContext()
    {
        var log = NewLogger("context");
        var seen = new ContextProbe();
        log.AddHandler(seen);
        s_ambient.Value = "caller's value";
        try
        {
            log.Info("first record starts the worker");
        }
        finally
        {
            s_ambient.Value = null;
        }
        FlushOrFail(log);
        Assert.That(seen.Values, Is.EqualTo(new string?[] { null }).AsCollection, "AsyncLocal values must not flow into the worker");
    }

    [Test]
    public void ConsumedRecordsDoNotKeepTheirArgumentsAlive()
    {
        var log = NewLogger("gc");
        var sink = new NoOpRecordHandler();
        log.AddHandler(sink);
        var weak = LogAnObject(log);
        FlushOrFail(log);
        log.Info("another record, so no staging record holds the first one");
        FlushOrFail(log);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(weak.IsAlive, Is.False, "a consumed record must drop its references");
        Assert.That(sink.Count, Is.EqualTo(2));
    }

    [Test]
    public void UndefinedLevelsAreRejected()
    {
        var log = NewLogger("undefined");
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Level = (FemtoLevel)42);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Log((FemtoLevel)(-1), "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((FemtoLevel)6).ToName());
    }

    private static int Inner(FemtoLogger log)
    {
        int seven = 7;
        log.Info($"inner {seven}");
        return 42;
    }

    private static int Explode() => throw new InvalidOperationException("hole failed");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LogAnObject(FemtoLogger log)
    {
        var payload = new object();
        log.Info("{Payload} {Error}", payload, new InvalidOperationException("kept?"));
        return new WeakReference(payload);
    }

    /// <summary>On its first record, logs <c>echoes</c> more into the same logger from the worker thread.</summary>
    private sealed class EchoHandler(FemtoLogger log, int echoes) : IFemtoHandler
    {
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public void Handle(string logger, FemtoLevel level, string message)
        {
            if (Interlocked.Increment(ref _received) == 1)
                for (int i = 0; i < echoes; i++) log.Info("echo {I}", i);
        }
    }

    private sealed class ContextProbe : IFemtoHandler
    {
        private readonly List<string?> _values = [];

        public IReadOnlyList<string?> Values
        {
            get { lock (_values) return [.. _values]; }
        }

        public void Handle(string logger, FemtoLevel level, string message)
        {
            lock (_values) _values.Add(s_ambient.Value);
        }
    }
}
