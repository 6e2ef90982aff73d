namespace Femto.Tests.Loggers;

/// <summary>FemtoLogging.Flush and Shutdown across loggers and built-in handlers, and ResetManager.</summary>
public sealed class LifecycleTests : FemtoTestBase
{
    [Test]
    public void GlobalFlushReachesEveryLoggerAndFileHandler()
    {
        var a = NewLogger("ga");
        var b = NewLogger("gb");
        var collected = new CollectingHandler();
        a.AddHandler(collected);
        string path = TempPath("global.log");
        var file = Track(new FileHandlerBuilder(path).WithFlushInterval(1_000_000).WithIdleFlushInterval(TimeSpan.FromHours(1)).Build());
        b.AddHandler(file);

        for (int i = 0; i < 100; i++)
        {
            a.Info("a{I}", i);
            b.Info("b{I}", i);
        }
        Assert.That(FemtoLogging.Flush(Patience), Is.True);
        Assert.That(collected.Count, Is.EqualTo(100));
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(100), "the global flush also flushes built-in handlers");
    }

    [Test]
    public void LoggerFlushAlsoFlushesBuiltInHandlersOfAncestors()
    {
        string top = UniqueName("flushparent");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false;
        var child = FemtoLogging.GetLogger(top + ".child");
        string path = TempPath("parent.log");
        var file = Track(new FileHandlerBuilder(path).WithFlushInterval(1_000_000).WithIdleFlushInterval(TimeSpan.FromHours(1)).Build());
        parent.AddHandler(file);

        for (int i = 0; i < 10; i++) child.Info("c{I}", i);
        Assert.That(child.Flush(Patience), Is.True);
        Assert.That(File.ReadAllLines(path), Is.EqualTo(Enumerable.Range(0, 10).Select(i => $"{child.Name} [INFO] c{i}")).AsCollection,
            "a logger's flush covers every handler its records reach");
    }

    [Test]
    public void ShutdownFlushesClosesHandlersAndDropsLaterRecords()
    {
        var log = NewLogger("shutdown");
        string path = TempPath("shutdown.log");
        var file = Track(new FileHandlerBuilder(path).WithFlushInterval(1_000_000).WithIdleFlushInterval(TimeSpan.FromHours(1)).Build());
        log.AddHandler(file);
        for (int i = 0; i < 50; i++) log.Info("before {I}", i);

        Assert.That(FemtoLogging.IsShutDown, Is.False);
        Assert.That(FemtoLogging.Shutdown(Patience), Is.True);
        Assert.That(FemtoLogging.IsShutDown, Is.True);
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(50), "shutdown writes out everything accepted before it");
        Assert.That(file.IsClosed, Is.True, "shutdown closes built-in handlers attached to loggers");
        Assert.That(FemtoLogging.Shutdown(Patience), Is.True, "shutdown is idempotent");

        long droppedBefore = log.DroppedCount;
        log.Info("after shutdown");
        Assert.That(log.DroppedCount, Is.EqualTo(droppedBefore + 1), "a record after shutdown is dropped and counted");

        FemtoLogging.ResetManager();
        Assert.That(FemtoLogging.IsShutDown, Is.False, "ResetManager forgets the shutdown");
    }

    [Test]
    public void ShutdownStartsNoWorkerForANewLogger()
    {
        Assert.That(FemtoLogging.Shutdown(Patience), Is.True);
        var late = NewLogger("late");
        var collected = new CollectingHandler();
        late.AddHandler(collected);
        late.Error("too late");
        Assert.That(late.Flush(TimeSpan.FromSeconds(1)), Is.True, "nothing is pending");
        Assert.That(collected.Count, Is.Zero);
        Assert.That(late.DroppedCount, Is.EqualTo(1));
    }
}
