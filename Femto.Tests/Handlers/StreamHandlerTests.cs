using System.Text;

namespace Femto.Tests.Handlers;

/// <summary>The stream handler over a caller's stream, and the console factory methods.</summary>
public sealed class StreamHandlerTests : FemtoTestBase
{
    [Test]
    public void WritesDefaultLinesToAGivenStream()
    {
        var stream = new MemoryStream();
        var handler = Track(StreamHandlerBuilder.ForStream(stream).Build());
        var log = NewLogger("stream");
        log.AddHandler(handler);

        log.Info("one");
        log.Error("two\nforged [CRITICAL] line");
        log.Critical("drei — ü");
        FlushOrFail(log);
        Assert.That(handler.Flush(), Is.True);

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo(
            $"{log.Name} [INFO] one\n" +
            $"{log.Name} [ERROR] two\\nforged [CRITICAL] line\n" +
            $"{log.Name} [CRITICAL] drei — ü\n"));
    }

    [Test]
    public void StreamIsLeftOpenUnlessOwned()
    {
        var notOwned = new MemoryStream();
        var handler = StreamHandlerBuilder.ForStream(notOwned).Build();
        handler.Handle("s", FemtoLevel.Info, "kept");
        handler.Close();
        Assert.That(notOwned.CanWrite, Is.True, "a stream the handler does not own stays open");
        Assert.That(Encoding.UTF8.GetString(notOwned.ToArray()), Is.EqualTo("s [INFO] kept\n"), "Close flushes first");

        var owned = new MemoryStream();
        var owner = StreamHandlerBuilder.ForStream(owned, ownsStream: true).Build();
        owner.Handle("s", FemtoLevel.Info, "x");
        owner.Dispose();
        Assert.That(owned.CanWrite, Is.False, "an owned stream is disposed with the handler");
    }

    [Test]
    public void BuilderOptionsApply()
    {
        var stream = new MemoryStream();
        var handler = Track(StreamHandlerBuilder.ForStream(stream)
            .WithCapacity(8)
            .WithFlushTimeoutMs(2500)
            .WithOverflowPolicy(OverflowPolicy.Block)
            .WithFormatter(view => $"<{view.LevelName}> {view.Message}")
            .Build());
        Assert.That(handler.Capacity, Is.EqualTo(8));
        Assert.That(handler.OverflowPolicy, Is.EqualTo(OverflowPolicy.Block));
        Assert.That(handler.Settings.FlushTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));

        for (int i = 0; i < 100; i++) handler.Handle("b", FemtoLevel.Debug, $"m{i}");
        Assert.That(handler.Flush(), Is.True);
        Assert.That(handler.DroppedCount, Is.Zero, "Block never drops, even with a queue of 8");
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"<DEBUG> m{i}")).AsCollection);
    }

    [Test]
    public void ForStreamRejectsNullAndReadOnlyStreams()
    {
        Assert.Throws<ArgumentNullException>(() => StreamHandlerBuilder.ForStream(null!));
        using var readOnly = new MemoryStream(new byte[4], writable: false);
        Assert.Throws<ArgumentException>(() => StreamHandlerBuilder.ForStream(readOnly));
    }

    [Test]
    public void ConsoleFactoriesBuildOpenHandlers()
    {
        var stderr = Track(FemtoStreamHandler.Stderr());
        var stdout = Track(StreamHandlerBuilder.Stdout().Build());
        Assert.That(stderr.IsClosed, Is.False);
        Assert.That(stdout.IsClosed, Is.False);
        Assert.That(StreamHandlerBuilder.Stderr().Target, Is.EqualTo(ConsoleTarget.Stderr));
        Assert.That(StreamHandlerBuilder.Stdout().Target, Is.EqualTo(ConsoleTarget.Stdout));
        Assert.That(stderr.Flush(), Is.True, "flushing an idle handler succeeds");
    }
}
