namespace Femto.Tests.Loggers;

/// <summary>Logger filters, disabled loggers, and FemtoLogging.Batch: the logger API configuration is built on.</summary>
public sealed class FilterAndBatchTests : FemtoTestBase
{
    private sealed class MaxLevel(FemtoLevel max) : IFemtoLevelFilter
    {
        public bool Allows(string logger, FemtoLevel level) => level <= max;
    }

    private sealed class MessageFilter(string forbidden) : IFemtoFilter
    {
        public int Calls;
        public bool Allows(in FemtoRecordView record)
        {
            Interlocked.Increment(ref Calls);
            return !record.Message.Contains(forbidden, StringComparison.Ordinal);
        }
    }

    private sealed class ThrowingFilter : IFemtoFilter
    {
        public bool Allows(in FemtoRecordView record) => throw new InvalidOperationException("filter broke");
    }

    [Test]
    public void Level_filters_fold_into_IsEnabled_and_Log_returns_null_for_what_they_reject()
    {
        var log = NewLogger();
        log.Level = FemtoLevel.Trace;
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        log.AddFilter(new MaxLevel(FemtoLevel.Info));

        Assert.That(log.IsEnabled(FemtoLevel.Info), Is.True);
        Assert.That(log.IsEnabled(FemtoLevel.Warn), Is.False);
        Assert.That(log.Log(FemtoLevel.Error, "rejected"), Is.Null);
        Assert.That(log.Log(FemtoLevel.Debug, "kept"), Is.Not.Null);
        FlushOrFail(log);
        Assert.That(sink.Messages, Is.EqualTo(new[] { "kept" }).AsCollection);

        Assert.That(log.RemoveFilter(log.Filters[0]), Is.True);
        Assert.That(log.IsEnabled(FemtoLevel.Error), Is.True, "removing the filter lets the level through again");
    }

    [Test]
    public void Record_filters_run_on_the_worker_and_see_only_the_loggers_own_records()
    {
        string top = UniqueName("filt");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false;
        var child = FemtoLogging.GetLogger(top + ".child");
        var sink = new CollectingHandler();
        parent.AddHandler(sink);
        var filter = new MessageFilter("secret");
        parent.AddFilter(filter);

        parent.Info("public");
        parent.Info("a secret");
        child.Info("child secret"); // propagated: the parent's filters do not apply
        FlushOrFail(parent);
        FlushOrFail(child);

        Assert.That(sink.Messages, Is.EquivalentTo(new[] { "public", "child secret" }));
        Assert.That(filter.Calls, Is.EqualTo(2));
        Assert.That(parent.Filters, Is.EqualTo(new IFemtoFilter[] { filter }));
    }

    [Test]
    public void A_throwing_filter_counts_a_handler_error_and_drops_the_record()
    {
        var log = NewLogger();
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        using var diagnostics = new DiagnosticsCapture("filter broke");
        log.AddFilter(new ThrowingFilter());
        log.Info("lost");
        FlushOrFail(log);
        log.ClearFilters();
        log.Info("delivered");
        FlushOrFail(log);

        Assert.That(sink.Messages, Is.EqualTo(new[] { "delivered" }).AsCollection);
        Assert.That(log.HandlerErrorCount, Is.EqualTo(1));
    }

    [Test]
    public void A_disabled_logger_emits_nothing_not_even_to_ancestors_while_descendants_still_log()
    {
        string top = UniqueName("dis");
        var parent = FemtoLogging.GetLogger(top);
        parent.Propagate = false;
        var child = FemtoLogging.GetLogger(top + ".child");
        var atParent = new CollectingHandler();
        parent.AddHandler(atParent);

        child.Disabled = true;
        Assert.That(child.IsEnabled(FemtoLevel.Critical), Is.False);
        Assert.That(child.Log("ERROR", "silenced"), Is.Null);
        parent.Info("parent still logs");
        FlushOrFail(parent);
        child.Disabled = false;
        child.Info("enabled again");
        FlushOrFail(child);

        Assert.That(atParent.Messages, Is.EqualTo(new[] { "parent still logs", "enabled again" }).AsCollection);

        parent.Disabled = true;
        child.Info("descendant of a disabled logger");
        FlushOrFail(child);
        Assert.That(atParent.Messages, Does.Contain("descendant of a disabled logger"),
            "disabling a logger does not silence its descendants");
    }

    [Test]
    public void Batch_applies_every_change_at_once()
    {
        var a = NewLogger("batch");
        var b = NewLogger("batch");
        var first = new CollectingHandler();
        var second = new CollectingHandler();
        a.AddHandler(first);

        FemtoLogging.Batch(() =>
        {
            a.ClearHandlers();
            // Inside the batch the cached state has not been recomputed yet: nothing is visible half-done.
            Assert.That(a.IsEnabled(FemtoLevel.Info), Is.True);
            a.AddHandler(second);
            a.Level = FemtoLevel.Error;
            b.Disabled = true;
            FemtoLogging.Batch(() => b.Level = FemtoLevel.Debug); // nested
            Assert.That(b.IsEnabled(FemtoLevel.Info), Is.True, "not refreshed until the outer batch ends");
        });

        Assert.That(a.IsEnabled(FemtoLevel.Warn), Is.False);
        Assert.That(b.IsEnabled(FemtoLevel.Critical), Is.False);
        Assert.That(b.Level, Is.EqualTo(FemtoLevel.Debug));
        a.Error("to the second handler");
        FlushOrFail(a);
        Assert.That(first.Count, Is.Zero);
        Assert.That(second.Messages, Is.EqualTo(new[] { "to the second handler" }).AsCollection);
    }

    [Test]
    public void GetLoggers_lists_every_logger_by_name_and_names_are_checked_without_creating()
    {
        string name = UniqueName("list");
        FemtoLogging.GetLogger(name + ".x");
        var names = FemtoLogging.GetLoggers().Select(l => l.Name).ToList();
        Assert.That(names, Does.Contain("root").And.Contain(name).And.Contain(name + ".x"));
        Assert.That(names, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));

        Assert.Throws<ArgumentException>(() => FemtoLogging.ValidateLoggerName("bad..name"));
        Assert.Throws<ArgumentException>(() => FemtoLogging.ValidateLoggerName(" "));
        FemtoLogging.ValidateLoggerName(UniqueName("ok") + ".fine");
        Assert.That(FemtoLogging.GetLoggers().Count, Is.EqualTo(names.Count), "validation creates nothing");
    }
}

/// <summary>FemtoHandler.ForwardTo: how a replaced handler passes on records that still reach it.</summary>
public sealed class HandlerForwardingTests : FemtoTestBase
{
    [Test]
    public void Records_reaching_a_forwarding_handler_go_to_its_successor_even_after_close()
    {
        string oldPath = TempPath("old.log"), newPath = TempPath("new.log");
        var old = Track(new FemtoFileHandler(oldPath));
        var successor = Track(new FemtoFileHandler(newPath));
        var log = NewLogger();
        log.AddHandler(old);
        log.Info("queued for the old handler");
        FlushOrFail(log);

        old.ForwardTo(successor);
        Assert.That(old.Successor, Is.SameAs(successor));
        log.Info("after ForwardTo");
        FlushOrFail(log);
        old.Close();
        log.Info("after Close");
        FlushOrFail(log);
        Assert.That(successor.Flush(), Is.True);

        Assert.That(File.ReadAllText(oldPath), Is.EqualTo($"{log.Name} [INFO] queued for the old handler\n"));
        Assert.That(File.ReadAllText(newPath), Is.EqualTo($"{log.Name} [INFO] after ForwardTo\n{log.Name} [INFO] after Close\n"));
        Assert.That(log.HandlerErrorCount, Is.Zero, "a closed handler with a successor does not reject records");
    }

    [Test]
    public void A_handler_forwards_to_one_successor_never_itself()
    {
        var handler = Track(new FemtoFileHandler(TempPath("a.log")));
        Assert.Throws<ArgumentException>(() => handler.ForwardTo(handler));
        handler.ForwardTo(new CollectingHandler());
        Assert.Throws<InvalidOperationException>(() => handler.ForwardTo(new CollectingHandler()));
    }
}
