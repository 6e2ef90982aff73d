using System.Globalization;

namespace Femto.Tests.Reliability;

/// <summary>Ordering under 32 producers and exact accounting (per logger, per handler, and in the Femto meter) under
/// overload, through both paths a record can take: straight into a built-in handler's queue, and through the
/// logger's queue and a dispatch thread.</summary>
[Category(Battery.Category)]
public sealed class OrderingAndAccountingTests : FemtoTestBase
{
    private const int Producers = 32;

    [TestCase(false)]
    [TestCase(true)]
    public void ThirtyTwoProducersWithBlockKeepTheirOrderAndLoseNothing(bool throughCustomHandler)
    {
        int perProducer = Battery.Scale(3_000, 100_000);
        var log = NewLogger("order32");
        log.QueueCapacity = 128;
        log.OverflowPolicy = OverflowPolicy.Block;
        var file = Track(new FileHandlerBuilder(TempPath("order.log")).WithCapacity(64).WithOverflowPolicy(OverflowPolicy.Block).WithFlushInterval(10_000).Build());
        log.AddHandler(file);
        if (throughCustomHandler) log.AddHandler(new NoOpRecordHandler()); // two handlers: every record goes through the dispatch

        RunProducers(Producers, p => { for (int i = 0; i < perProducer; i++) log.Info("{P} {S}", p, i); });
        FlushOrFail(log);

        var next = new int[Producers];
        long lines = 0;
        foreach (var (p, s) in ReadPairs(file.Path))
        {
            Assert.That(s, Is.EqualTo(next[p]), $"producer {p}: expected {next[p]}, read {s}");
            next[p] = s + 1;
            lines++;
        }
        Assert.That(lines, Is.EqualTo((long)Producers * perProducer));
        Assert.That(log.DroppedCount + file.DroppedCount, Is.Zero);
    }

    [Test]
    public void UnderOverloadEveryRecordIsWrittenOrCountedAndTheMeterAgrees()
    {
        int perProducer = Battery.Scale(5_000, 100_000);
        var log = NewLogger("account");
        log.QueueCapacity = 32;
        var file = Track(new FileHandlerBuilder(TempPath("account.log")).WithCapacity(16).WithFlushInterval(10_000).Build());
        log.AddHandler(file);

        RunProducers(8, p => { for (int i = 0; i < perProducer; i++) log.Info("{P} {S}", p, i); });
        FlushOrFail(log);

        long written = ReadPairs(file.Path).LongCount();
        long sent = 8L * perProducer;
        var loggerMeter = Meter($"logger '{log.Name}'");
        var fileMeter = Meter(file.Name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written + log.DroppedCount + file.DroppedCount, Is.EqualTo(sent), "written + dropped = sent");
            Assert.That(log.DroppedCount + file.DroppedCount, Is.GreaterThan(0), "the run must overload the queues to test anything");
            Assert.That(loggerMeter["femto.records.dropped"], Is.EqualTo(log.DroppedCount));
            Assert.That(fileMeter["femto.records.dropped"], Is.EqualTo(file.DroppedCount));
            Assert.That(loggerMeter["femto.records.processed"] + loggerMeter["femto.queue.depth"], Is.EqualTo(loggerMeter["femto.records.accepted"]));
            Assert.That(fileMeter["femto.records.processed"], Is.EqualTo(fileMeter["femto.records.accepted"]), "the handler has written everything it accepted");
            Assert.That(fileMeter["femto.records.accepted"], Is.EqualTo(written), "every record the handler accepted is in the file");
        }
    }

    private static void RunProducers(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(p => new Thread(() =>
        {
            start.SignalAndWait();
            body(p);
        }) { IsBackground = true, Name = "producer " + p }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.That(t.Join(TimeSpan.FromMinutes(5)), Is.True, "a producer never finished");
    }

    private static IEnumerable<(int P, int S)> ReadPairs(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var parts = line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..].Split(' ');
            yield return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    private static Dictionary<string, long> Meter(string component) => FemtoMeterReader.Collect(component);
}
