namespace Femto.Tests.Loggers;

/// <summary>Handlers attached to ancestors, the Propagate switch, and adding/removing handlers.</summary>
public sealed class PropagationTests : FemtoTestBase
{
    [Test]
    public void ParentHandlerReceivesChildRecordsOnlyWhilePropagating()
    {
        string top = UniqueName("prop");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false; // keep root out of it
        var child = FemtoLogging.GetLogger(top + ".child");
        var atParent = new CollectingHandler();
        var atChild = new CollectingHandler();
        parent.AddHandler(atParent);
        child.AddHandler(atChild);

        child.Info("while propagating");
        FlushOrFail(child);
        child.Propagate = false;
        child.Info("not propagating");
        FlushOrFail(child);
        child.Propagate = true;
        child.Info("propagating again");
        FlushOrFail(child);

        Assert.That(atChild.Messages, Is.EqualTo(new[] { "while propagating", "not propagating", "propagating again" }).AsCollection);
        Assert.That(atParent.Messages, Is.EqualTo(new[] { "while propagating", "propagating again" }).AsCollection);
        Assert.That(atParent.Records.Select(r => r.Logger), Has.All.EqualTo(child.Name),
            "a propagated record keeps the name of the logger it was logged on");
    }

    [Test]
    public void PropagationStopsAtTheFirstLoggerThatDoesNotPropagate()
    {
        string top = UniqueName("chain");
        var a = FemtoLogging.GetLogger(top);
        var ab = FemtoLogging.GetLogger(top + ".b");
        var abc = FemtoLogging.GetLogger(top + ".b.c");
        var root = FemtoLogging.GetLogger();
        var atRoot = new CollectingHandler();
        var atA = new CollectingHandler();
        var atAb = new CollectingHandler();
        root.AddHandler(atRoot);
        a.AddHandler(atA);
        ab.AddHandler(atAb);

        abc.Info("all the way");
        FlushOrFail(abc);
        ab.Propagate = false;
        abc.Info("stops at b");
        FlushOrFail(abc);

        Assert.That(atAb.Messages, Is.EqualTo(new[] { "all the way", "stops at b" }).AsCollection);
        Assert.That(atA.Messages, Is.EqualTo(new[] { "all the way" }).AsCollection);
        Assert.That(atRoot.Messages.Where(m => m is "all the way" or "stops at b"), Is.EqualTo(new[] { "all the way" }).AsCollection);
    }

    [Test]
    public void AncestorLevelDoesNotFilterPropagatedRecords()
    {
        // The level of the logger a record is logged on decides; ancestors' handlers receive what it lets through.
        string top = UniqueName("lvlprop");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false;
        parent.Level = FemtoLevel.Error;
        var child = FemtoLogging.GetLogger(top + ".child");
        child.Level = FemtoLevel.Debug;
        var atParent = new CollectingHandler();
        parent.AddHandler(atParent);

        child.Debug("debug from child");
        parent.Info("info on parent is filtered");
        FlushOrFail(child);
        FlushOrFail(parent);
        Assert.That(atParent.Messages, Is.EqualTo(new[] { "debug from child" }).AsCollection);
    }

    [Test]
    public void AddRemoveAndClearHandlers()
    {
        var log = NewLogger("handlers");
        var first = new CollectingHandler();
        var second = new PlainCollectingHandler();
        log.AddHandler(first);
        log.AddHandler(second);
        Assert.That(log.Handlers, Is.EqualTo(new IFemtoHandler[] { first, second }).AsCollection);

        log.Info("both");
        FlushOrFail(log);
        Assert.That(log.RemoveHandler(first), Is.True);
        Assert.That(log.RemoveHandler(first), Is.False, "already removed");
        Assert.That(log.Handlers, Is.EqualTo(new IFemtoHandler[] { second }).AsCollection);
        log.Info("second only");
        FlushOrFail(log);
        log.ClearHandlers();
        Assert.That(log.Handlers, Is.Empty);
        log.Info("nobody");
        FlushOrFail(log);

        Assert.That(first.Messages, Is.EqualTo(new[] { "both" }).AsCollection);
        Assert.That(second.Lines, Is.EqualTo(new[] { $"{log.Name} [INFO] both", $"{log.Name} [INFO] second only" }).AsCollection,
            "a plain IFemtoHandler receives logger, level and the rendered message");
    }

    [Test]
    public void AddHandlerRejectsNull()
    {
        var log = NewLogger("null");
        Assert.Throws<ArgumentNullException>(() => log.AddHandler(null!));
    }

    [Test]
    public void RecordsFromOneThreadArriveInOrder()
    {
        var log = NewLogger("order");
        log.OverflowPolicy = OverflowPolicy.Block;
        var handler = new CollectingHandler();
        log.AddHandler(handler);
        for (int i = 0; i < 5000; i++) log.Info("{N}", i);
        FlushOrFail(log);
        Assert.That(handler.Messages, Is.EqualTo(Enumerable.Range(0, 5000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))).AsCollection);
    }
}
