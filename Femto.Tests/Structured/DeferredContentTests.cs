namespace Femto.Tests.Structured;

/// <summary>FemtoLogger.LogDeferred: the content writes the message and named values on a worker, is released exactly
/// once on every path (written, disabled, dropped, copied to several handlers), and the call allocates nothing.</summary>
public sealed class DeferredContentTests : FemtoTestBase
{
    private sealed class Content : IFemtoDeferredContent
    {
        public string Text = "";
        public int Value;
        public int Completed;
        public int Released;
        public int CompletedOnThread;

        public void Complete(FemtoContentWriter record)
        {
            Interlocked.Increment(ref Completed);
            CompletedOnThread = Environment.CurrentManagedThreadId;
            record.SetMessage(Text);
            record.AddKeyValue("value", Value);
            record.AddKeyValue("name", Text);
        }

        public void Release() => Interlocked.Increment(ref Released);
    }

    private sealed class TemplateContent : IFemtoDeferredContent
    {
        public void Complete(FemtoContentWriter record)
        {
            record.SetMessageTemplate("order {Id} for {Amount}");
            record.AddMessageValue("Id", 42);
            record.AddMessageValue("Amount", 12.5);
            record.AddKeyValue("request_id", "own"); // the call's own value wins over the context's
        }

        public void Release() { }
    }

    [Test]
    public void ContextValuesAddedOnTheCallersThreadFollowTheContentsOwnValues()
    {
        var log = NewLogger("deferredctx");
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        using (FemtoContext.Push(("request_id", "from context"), ("tenant", "acme")))
            log.LogDeferred(FemtoLevel.Info, new TemplateContent());
        FlushOrFail(log);

        var r = sink.Records.Single();
        Assert.That(r.Message, Is.EqualTo("order 42 for 12.5"));
        Assert.That(r.KeyValues.Select(kv => kv.Key), Is.EqualTo(new[] { "Id", "Amount", "request_id", "tenant" }));
        Assert.That(r.KeyValues.Single(kv => kv.Key == "request_id").Value, Is.EqualTo("own"));
        Assert.That(log.HandlerErrorCount, Is.Zero);
    }

    [Test]
    public void ContentIsWrittenOnAWorkerAndReleasedOnce()
    {
        var log = NewLogger("deferred");
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        var content = new Content { Text = "hello", Value = 42 };
        var error = new InvalidOperationException("boom");

        log.LogDeferred(FemtoLevel.Warn, content, error);
        FlushOrFail(log);

        var r = sink.Records.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Message, Is.EqualTo("hello"));
            Assert.That(r.Level, Is.EqualTo(FemtoLevel.Warn));
            Assert.That(r.Exception, Is.SameAs(error));
            Assert.That(r.KeyValues, Is.EqualTo(new[] { new KeyValuePair<string, object?>("value", 42), new("name", "hello") }));
            Assert.That(r.FileName, Is.Null);
            Assert.That(content.Completed, Is.EqualTo(1));
            Assert.That(content.Released, Is.EqualTo(1));
            Assert.That(content.CompletedOnThread, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        }
    }

    [Test]
    public void JsonShowsTheValuesWithTheirTypes()
    {
        var path = TempPath("deferred.jsonl");
        var file = Track(new FileHandlerBuilder(path).WithFormatter(FemtoFormatters.Json).Build());
        var log = NewLogger("deferredjson");
        log.AddHandler(file);
        log.LogDeferred(FemtoLevel.Info, new Content { Text = "typed", Value = 7 });
        FlushOrFail(log);
        file.Close();
        string line = File.ReadAllLines(path).Single();
        Assert.That(line, Does.Contain("\"message\":\"typed\"").And.Contain("\"value\":7,").And.Contain("\"name\":\"typed\""));
    }

    [Test]
    public void DisabledLevelReleasesAtOnceWithoutCompleting()
    {
        var log = NewLogger("deferredoff");
        log.Level = FemtoLevel.Error;
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        var content = new Content();
        log.LogDeferred(FemtoLevel.Info, content);
        FlushOrFail(log);
        Assert.That((content.Completed, content.Released, sink.Count), Is.EqualTo((0, 1, 0)));
    }

    [Test]
    public void DroppedRecordsReleaseTheirContentAndTheNextRecordDoesNotCarryIt()
    {
        var log = NewLogger("deferreddrop");
        log.QueueCapacity = 1;
        var sink = new CollectingHandler();
        log.AddHandler(sink);
        var gate = StallWorker(log, "first"); // the worker holds "first"; the queue has room for one more
        var contents = Enumerable.Range(0, 5).Select(i => new Content { Text = "d" + i }).ToArray();
        foreach (var c in contents) log.LogDeferred(FemtoLevel.Info, c);
        log.Info("plain after drops");
        gate.Open();
        FlushOrFail(log);

        Assert.That(contents.Sum(c => c.Released), Is.EqualTo(contents.Length), "each content released once");
        Assert.That(contents.Sum(c => c.Completed), Is.EqualTo(sink.Records.Count(r => r.Message.StartsWith('d'))));
        Assert.That(log.DroppedCount, Is.GreaterThan(0));
        Assert.That(sink.Records.Where(r => r.Message == "plain after drops").Select(r => r.KeyValues.Count), Is.All.Zero,
            "a plain record logged after a dropped deferred one carries none of its values");
    }

    [Test]
    public void SeveralHandlersSeeTheSameContentWrittenOnce()
    {
        var log = NewLogger("deferredfan");
        var a = new CollectingHandler();
        var b = new CollectingHandler();
        var path = TempPath("fan.log");
        var file = Track(new FileHandlerBuilder(path).Build());
        log.AddHandler(a);
        log.AddHandler(file);
        log.AddHandler(b);
        var content = new Content { Text = "fan", Value = 1 };
        log.LogDeferred(FemtoLevel.Info, content);
        FlushOrFail(log);
        file.Close();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Messages, Is.EqualTo(new[] { "fan" }));
            Assert.That(b.Messages, Is.EqualTo(new[] { "fan" }));
            Assert.That(File.ReadAllText(path), Does.Contain("[INFO] fan"));
            Assert.That((content.Completed, content.Released), Is.EqualTo((1, 1)));
        }
    }

    [Test]
    public void TheCallAllocatesNothing()
    {
        var log = NewLogger("deferredalloc");
        log.QueueCapacity = 16_384;
        log.OverflowPolicy = OverflowPolicy.Block;
        log.AddHandler(new NoOpRecordHandler());
        var content = new Content { Text = "x" };
        long[] rounds = AllocationMeter.Rounds((log, content), static s => s.log.LogDeferred(FemtoLevel.Info, s.content), 10_000, () => FlushOrFail(log));
        Assert.That(AllocationMeter.Settled(rounds), Is.True, AllocationMeter.Describe(rounds));
    }

}
