using Femto.Extensions.Logging;
using Microsoft.Extensions.Logging;

namespace Femto.Tests.Extensions;

/// <summary><c>[LoggerMessage]</c> methods and <c>LoggerMessage.Define</c> delegates allocate 0 B per call on the
/// caller's thread once warm (measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>), with and without an
/// open scope: the state is read on the worker, and no message is rendered on the caller's thread.</summary>
public sealed partial class ProviderAllocationTests : FemtoTestBase
{
    private const int Calls = 10_000;

    private static readonly Action<ILogger, string, string, int, Exception?> s_define =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(1, "Hello"), "Hello, {Name} lives in {City} {Age} years old");

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Order {OrderId} paid {Amount} by {User} at {When}")]
    private static partial void Paid(ILogger logger, long orderId, double amount, string user, DateTime when);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Seven {A} {B} {C} {D} {E} {F} {G}")]
    private static partial void Seven(ILogger logger, int a, int b, int c, int d, int e, int f, int g);

    [Test]
    public void LoggerMessageDefineAllocatesNothingOnceWarm() =>
        AssertNoAllocations(static log => s_define(log, "Bill Evance", "Mumbai", 31, null));

    [Test]
    public void GeneratedLoggerMessageAllocatesNothingOnceWarm() =>
        AssertNoAllocations(static log => Paid(log, 42, 9.5, "ann", new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc)));

    [Test]
    public void GeneratedLoggerMessageWithSevenValuesAllocatesNothingOnceWarm() =>
        AssertNoAllocations(static log => Seven(log, 1, 2, 3, 4, 5, 6, 7)); // more than Define takes: a generated struct

    [Test]
    public void InsideScopesTheCallStillAllocatesNothing()
    {
        AssertNoAllocations(static log => s_define(log, "Bill Evance", "Mumbai", 31, null), scoped: true);
    }

    [Test]
    public void DisabledMelCallsAllocateNothing()
    {
        var (factory, log, sink) = Create();
        using (factory)
        {
            FemtoLogging.GetLogger("Alloc").Level = FemtoLevel.Warn;
            long bytes = 0;
            for (int r = 0; r < 3; r++) bytes = AllocationMeter.Measure(log, static l => s_define(l, "a", "b", 1, null), Calls);
            Assert.That(bytes, Is.Zero);
            Assert.That(log.IsEnabled(LogLevel.Information), Is.False);
            Assert.That(FemtoLogging.GetLogger("Alloc").Flush(Patience), Is.True);
            Assert.That(sink.Count, Is.Zero);
        }
    }

    private static (ILoggerFactory Factory, ILogger Log, NoOpRecordHandler Sink) Create()
    {
        var femto = FemtoLogging.GetLogger("Alloc");
        // A queue larger than a round, emptied between rounds, so no call ever finds it full.
        femto.QueueCapacity = 16_384;
        femto.OverflowPolicy = OverflowPolicy.Block;
        femto.Propagate = false;
        femto.Level = FemtoLevel.Info;
        var sink = new NoOpRecordHandler();
        femto.AddHandler(sink);
        var factory = LoggerFactory.Create(b => b.AddFemto().SetMinimumLevel(LogLevel.Trace));
        return (factory, factory.CreateLogger("Alloc"), sink);
    }

    private static void AssertNoAllocations(Action<ILogger> call, bool scoped = false)
    {
        var (factory, log, sink) = Create();
        using (factory)
        {
            using var outer = scoped ? log.BeginScope("Request {RequestId}", 7) : null;
            using var inner = scoped ? log.BeginScope("text scope") : null;
            var femto = FemtoLogging.GetLogger("Alloc");
            // Warm-up at the peak: with the worker held, a whole round is in flight at once, so the entry pool has
            // seen the most calls a round can have in flight (a pool only allocates when that peak rises).
            var gate = new GatedHandler();
            femto.AddHandler(gate);
            femto.Info("hold the worker");
            Assert.That(gate.Entered.Wait(Patience), Is.True);
            AllocationMeter.Measure(log, call, Calls);
            gate.Open();
            Assert.That(femto.Flush(Patience), Is.True);
            femto.RemoveHandler(gate);
            long baseline = sink.Count;

            long[] rounds = AllocationMeter.Rounds(log, call, Calls, () => Assert.That(femto.Flush(Patience), Is.True));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(AllocationMeter.Settled(rounds), Is.True, $"calls once warm allocate nothing ({AllocationMeter.Describe(rounds)})");
                Assert.That(sink.Count - baseline, Is.EqualTo((long)Calls * rounds.Length), "every record reached the handler");
                Assert.That(femto.DroppedCount, Is.Zero);
            }
        }
    }
}
