using System.Collections.Concurrent;

namespace Femto.Tests.Tracing;

/// <summary><c>FemtoContext.Push</c>: key-values added to every record logged inside, flowing across <c>await</c> and
/// <c>Task.Run</c>, never leaking between concurrent flows, restored on dispose, inner and call-site keys winning.</summary>
public sealed class ContextTests : TracingTestBase
{
    [Test]
    public void Records_inside_carry_the_context_and_records_after_it_do_not()
    {
        var (log, sink) = Collecting();
        var other = NewLogger("other");
        var otherSink = new CollectingHandler();
        other.AddHandler(otherSink);

        using (FemtoContext.Push(("request_id", 42), ("user", "alice")))
        {
            log.Info("plain");
            log.Info("template {Amount}", 9.5);
            log.Info($"interpolated {DateTime.UnixEpoch:yyyy}");
            log.Warn("with values", ("amount", 3));
            other.Error("another logger");
        }
        log.Info("after");

        var records = Flushed(log, sink);
        var otherRecord = Flushed(other, otherSink).Single();
        using (Assert.EnterMultipleScope())
        {
            foreach (var r in records.Take(4).Append(otherRecord))
            {
                Assert.That(Kv(r, "request_id"), Is.EqualTo(42).And.TypeOf<int>(), r.Message);
                Assert.That(Kv(r, "user"), Is.EqualTo("alice"), r.Message);
            }
            Assert.That(Kv(records[1], "Amount"), Is.EqualTo(9.5));
            Assert.That(Kv(records[3], "amount"), Is.EqualTo(3));
            Assert.That(records[4].KeyValues, Is.Empty, "disposing restored the empty context");
        }
    }

    [Test]
    public void Inner_contexts_override_outer_keys_and_dispose_restores_the_outer_ones()
    {
        var (log, sink) = Collecting();
        using (FemtoContext.Push(("tenant", "acme"), ("step", 1)))
        {
            using (FemtoContext.Push(("step", 2), ("item", "x")))
            {
                log.Info("inner");
                Assert.That(FemtoContext.Current.Select(kv => $"{kv.Key}={kv.Value}"), Is.EqualTo(new[] { "tenant=acme", "step=2", "item=x" }));
            }
            log.Info("outer");
        }
        var records = Flushed(log, sink);
        Assert.That(records[0].KeyValues.Select(kv => $"{kv.Key}={kv.Value}"), Is.EqualTo(new[] { "tenant=acme", "step=2", "item=x" }));
        Assert.That(records[1].KeyValues.Select(kv => $"{kv.Key}={kv.Value}"), Is.EqualTo(new[] { "tenant=acme", "step=1" }));
        Assert.That(FemtoContext.Current, Is.Empty);
    }

    [Test]
    public void A_calls_own_keys_win_over_the_context()
    {
        var (log, sink) = Collecting();
        using (FemtoContext.Push(("user", "context"), ("Amount", -1), ("id", "context"), ("trace_id", "from-context")))
        {
            log.Info("paid", ("user", "call"));
            log.Info("paid {Amount}", 10);
            int id = 5;
            log.Info($"item {id}");
            using (log.Time("op")) log.Info("in scope");
        }
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Kv(byMessage["paid"], "user"), Is.EqualTo("call"));
            Assert.That(Kv(byMessage["paid 10"], "Amount"), Is.EqualTo(10));
            Assert.That(Kv(byMessage["item 5"], "id"), Is.EqualTo(5));
            Assert.That(Kv(byMessage["in scope"], "trace_id"), Is.EqualTo("from-context"), "a context trace_id is the record's own choice");
            Assert.That(Text(byMessage["op"], "trace_id"), Does.Match(TraceIdShape()), "the scope's record carries its own ids");
        }
    }

    [Test]
    public async Task The_context_flows_through_await_and_Task_Run()
    {
        var (log, sink) = Collecting();
        using (FemtoContext.Push(("request_id", "r-1")))
        {
            await Task.Yield();
            log.Info("after yield");
            await Task.Run(() => log.Info("in Task.Run"));
            await Task.Delay(1);
            log.Info("after delay");
            await Task.Factory.StartNew(() => log.Info("on a new thread"), TaskCreationOptions.LongRunning);
        }
        log.Info("outside");
        var records = Flushed(log, sink);
        Assert.That(records.Take(4).Select(r => Kv(r, "request_id")), Is.All.EqualTo("r-1"));
        Assert.That(HasKey(records[4], "request_id"), Is.False);
    }

    [Test]
    public async Task A_hundred_concurrent_tasks_each_see_only_their_own_request_id()
    {
        var (log, sink) = Collecting();
        log.QueueCapacity = 100_000;
        log.OverflowPolicy = OverflowPolicy.Block;
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using (FemtoContext.Push(("request_id", i)))
            {
                for (int step = 0; step < 10; step++)
                {
                    log.Info("step {Task} {Step}", i, step);
                    using (FemtoContext.Push(("step", step))) await Task.Yield();
                    if (step % 3 == 0) await Task.Delay(1);
                }
                await Task.Run(() => log.Info("child {Task} {Step}", i, -1));
            }
            log.Info("done {Task} {Step}", i, -2);
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        var records = Flushed(log, sink);
        Assert.That(records, Has.Count.EqualTo(100 * 12));
        using (Assert.EnterMultipleScope())
        {
            foreach (var r in records)
            {
                int task = (int)Kv(r, "Task")!;
                if ((int)Kv(r, "Step")! == -2) Assert.That(HasKey(r, "request_id"), Is.False, r.Message);
                else Assert.That(Kv(r, "request_id"), Is.EqualTo(task), r.Message);
                Assert.That(HasKey(r, "step"), Is.False, "a disposed inner context never reaches later records");
            }
        }
    }

    [Test]
    public void Values_are_captured_when_pushed_and_non_scalars_become_text()
    {
        var (log, sink) = Collecting();
        var list = new List<int> { 1 };
        var id = Guid.NewGuid();
        using (FemtoContext.Push(("list", list), ("guid", id), ("level", FemtoLevel.Warn), ("price", 9.99m), ("none", null), ("big", 1UL << 63)))
        {
            list.Add(2);
            log.Info("x");
        }
        var r = Flushed(log, sink).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Kv(r, "list"), Is.EqualTo(new List<int>().ToString()), "a list is not a scalar: its text at push time");
            Assert.That(Kv(r, "guid"), Is.EqualTo(id));
            Assert.That(Kv(r, "level"), Is.EqualTo(FemtoLevel.Warn));
            Assert.That(Kv(r, "price"), Is.EqualTo(9.99m));
            Assert.That(Kv(r, "none"), Is.Null);
            Assert.That(Kv(r, "big"), Is.EqualTo(1UL << 63));
        }
    }

    [Test]
    public void A_key_given_twice_keeps_its_last_value_and_bad_keys_are_rejected()
    {
        var (log, sink) = Collecting();
        using (FemtoContext.Push(("k", 1), ("k", 2))) log.Info("x");
        Assert.That(Flushed(log, sink).Single().KeyValues.Select(kv => kv.Value), Is.EqualTo(new object[] { 2 }));
        Assert.Throws<ArgumentException>(() => FemtoContext.Push(("", 1)));
        Assert.Throws<ArgumentException>(() => FemtoContext.Push((null!, 1)));
        Assert.That(FemtoContext.Current, Is.Empty, "a rejected push changes nothing");
        using (FemtoContext.Push()) Assert.That(FemtoContext.Current, Is.Empty);
    }

    [Test]
    public async Task Work_forked_inside_a_context_stops_carrying_it_once_the_context_is_disposed()
    {
        var (log, sink) = Collecting();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task late;
        using (FemtoContext.Push(("request_id", 1)))
        {
            late = Task.Run(async () =>
            {
                log.Info("while the context lasts");
                await release.Task;
                log.Info("after the context was disposed");
            });
            await Task.Delay(10);
        }
        using (FemtoContext.Push(("unrelated", true)))
        {
            release.SetResult();
            await late;
        }
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        Assert.That(Kv(byMessage["while the context lasts"], "request_id"), Is.EqualTo(1));
        Assert.That(byMessage["after the context was disposed"].KeyValues, Is.Empty,
            "neither the ended context nor another flow's context");
    }

    [Test]
    public void Disposing_an_outer_context_first_takes_the_inner_one_out_too()
    {
        var (log, sink) = Collecting();
        var outer = FemtoContext.Push(("a", 1));
        var inner = FemtoContext.Push(("b", 2));
        outer.Dispose();
        log.Info("after outer");
        inner.Dispose();
        inner.Dispose();
        log.Info("after both");
        Assert.That(Flushed(log, sink).Select(r => r.KeyValues.Count), Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void A_handler_logging_on_its_worker_does_not_see_the_callers_context()
    {
        var (log, sink) = Collecting();
        var source = NewLogger("src");
        var relay = new RelayHandler(log);
        source.AddHandler(relay);
        using (FemtoContext.Push(("request_id", 9))) source.Info("original");
        FlushOrFail(source);
        var relayed = Flushed(log, sink).Single();
        Assert.That(relayed.Message, Is.EqualTo("relayed original"));
        Assert.That(relayed.KeyValues, Is.Empty, "context is added on the caller's thread, never on a worker");
    }

    private sealed class RelayHandler(FemtoLogger target) : IFemtoHandler
    {
        public void Handle(string logger, FemtoLevel level, string message) => target.Info("relayed " + message);
    }

    [Test]
    public void Contexts_on_many_threads_stay_apart()
    {
        var (log, sink) = Collecting();
        log.QueueCapacity = 100_000;
        log.OverflowPolicy = OverflowPolicy.Block;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 500; i++)
                using (FemtoContext.Push(("thread", t), ("i", i))) log.Info("t {T} {I}", t, i);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var wrong = new ConcurrentBag<string>();
        foreach (var r in Flushed(log, sink))
            if (!Equals(Kv(r, "thread"), Kv(r, "T")) || !Equals(Kv(r, "i"), Kv(r, "I"))) wrong.Add(r.Message);
        Assert.That(wrong, Is.Empty);
    }
}
