using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Handlers;

/// <summary>Handlers read time from their TimeProvider on the worker at write time, so tests drive time with a
/// FakeTimeProvider and never sleep.</summary>
public sealed class HandlerClockTests : FemtoTestBase
{
    /// <summary>Prefixes each line with the handler's batch time, as a time-driven handler (rotation) sees it.</summary>
    private sealed class StampingHandler(Stream output, TextSinkSettings settings) : TextSinkHandler("stamping", settings)
    {
        protected override Stream Output => output;

        protected override void BeforeCommit(int length) => Stamps.Add(BatchTime);

        public List<DateTimeOffset> Stamps { get; } = [];

        protected override void DisposeOutput() { }
    }

    [Test]
    public void TheWorkerReadsTheHandlersClockAtWriteTime()
    {
        var start = new DateTimeOffset(2026, 11, 29, 23, 59, 58, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var sink = new MemoryStream();
        var handler = Track(new StampingHandler(sink, new TextSinkSettings { Handler = new HandlerSettings { TimeProvider = clock } }));

        handler.Handle("c", FemtoLevel.Info, "before midnight");
        Assert.That(handler.Flush(Patience), Is.True);
        clock.Advance(TimeSpan.FromSeconds(3));
        handler.Handle("c", FemtoLevel.Info, "after midnight");
        Assert.That(handler.Flush(Patience), Is.True);

        Assert.That(handler.Stamps, Is.EqualTo(new[] { start, start.AddSeconds(3) }).AsCollection,
            "each record sees the fake clock as it was when the worker wrote it");
        Assert.That(handler.TimeProvider, Is.SameAs(clock));
        Assert.That(handler.Stamps[1].ToString("O", CultureInfo.InvariantCulture), Does.StartWith("2026-11-30T00:00:01"));
    }

    [Test]
    public void AProviderOtherThanTheSystemClockIsReadForEveryRecordOfABatch()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMinutes(1) };
        var handler = Track(new StampingHandler(new MemoryStream(), new TextSinkSettings { Handler = new HandlerSettings { TimeProvider = clock } }));
        for (int i = 0; i < 3; i++) handler.Handle("c", FemtoLevel.Info, $"r{i}");
        Assert.That(handler.Flush(Patience), Is.True);
        Assert.That(handler.Stamps.Distinct().Count(), Is.EqualTo(3), "each record read the fake clock, which moves a minute per read");
    }
}
