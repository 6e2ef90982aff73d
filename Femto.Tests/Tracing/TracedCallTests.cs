using System.Runtime.CompilerServices;

namespace Femto.Tests.Tracing;

/// <summary><c>FemtoTrace.Run</c>/<c>RunAsync</c>: values come back, durations are timed, and an exception is recorded
/// and reaches the caller as the same object with the same stack trace.</summary>
public sealed class TracedCallTests : TracingTestBase
{
    [Test]
    public void Run_times_the_call_and_returns_its_value()
    {
        var clock = UseFakeClock();
        var (log, sink) = Collecting();

        int value = FemtoTrace.Run(log, "compute", () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(12.25));
            return 42;
        });
        bool ran = false;
        FemtoTrace.Run(log, "work", () => { ran = true; }, label: "batch");

        var records = Flushed(log, sink);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(value, Is.EqualTo(42));
            Assert.That(ran, Is.True);
            Assert.That(Kv(records[0], "function"), Is.EqualTo("compute"));
            Assert.That(Kv(records[0], "duration_ms"), Is.EqualTo(12.25));
            Assert.That(Kv(records[0], "status"), Is.EqualTo("success"));
            Assert.That(Kv(records[1], "function"), Is.EqualTo("work[batch]"));
        }
    }

    [Test]
    public void Run_records_an_exception_and_rethrows_the_same_object_with_its_stack_trace_untouched()
    {
        var (log, sink) = Collecting();
        var thrown = Assert.Throws<InvalidOperationException>(() => FemtoTrace.Run(log, "charge", () => Charge(-1)))!;
        var direct = Assert.Throws<InvalidOperationException>(() => Charge(-1))!;

        var r = Flushed(log, sink).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(r.Exception), "the caller gets the very exception the scope recorded");
            Assert.That(r.Level, Is.EqualTo(FemtoLevel.Error));
            Assert.That(Kv(r, "error_type"), Is.EqualTo(typeof(InvalidOperationException).FullName));
            Assert.That(Kv(r, "error_message"), Is.EqualTo("amount -1 is negative"));
            // Recorded by an exception filter, never caught and rethrown: the trace starts at the throw, exactly as
            // without tracing, and has no rethrow boundary.
            Assert.That(FirstFrame(thrown), Is.EqualTo(FirstFrame(direct)).And.Contain(nameof(Charge)));
            Assert.That(thrown.StackTrace, Does.Not.Contain("End of stack trace from previous location"));
            Assert.That(thrown.StackTrace, Does.Contain(nameof(FemtoTrace.Run)));
        }
    }

    [Test]
    public void Generic_run_rethrows_unchanged_too()
    {
        var (log, sink) = Collecting();
        var original = new FormatException("bad input");
        var thrown = Assert.Throws<FormatException>(() => FemtoTrace.Run<int>(log, "parse", () => throw original))!;
        Assert.That(thrown, Is.SameAs(original));
        Assert.That(Kv(Flushed(log, sink).Single(), "error_type"), Is.EqualTo("System.FormatException"));
    }

    [Test]
    public async Task RunAsync_times_until_the_task_completes_and_returns_its_value()
    {
        var clock = UseFakeClock();
        var (log, sink) = Collecting();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = FemtoTrace.RunAsync(log, "fetch_user", async () =>
        {
            int v = await gate.Task;
            log.Info("inside");
            return v * 2;
        });
        clock.Advance(TimeSpan.FromMilliseconds(250));
        gate.SetResult(21);
        int value = await call;
        await FemtoTrace.RunAsync(log, "notify", async () => await Task.Yield(), label: "email");

        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(value, Is.EqualTo(42));
            Assert.That(Kv(byMessage["fetch_user"], "duration_ms"), Is.EqualTo(250.0));
            Assert.That(Text(byMessage["inside"], "span_id"), Is.EqualTo(Text(byMessage["fetch_user"], "span_id")));
            Assert.That(Kv(byMessage["notify[email]"], "status"), Is.EqualTo("success"));
        }
    }

    [Test]
    public async Task RunAsync_rethrows_the_same_exception_and_keeps_the_callers_context_clean()
    {
        var (log, sink) = Collecting();
        var task = FemtoTrace.RunAsync(log, "upload", () => UploadAsync(fail: true));
        log.Info("caller, while the call runs");
        var thrown = (await Assert.ThrowsAsync<IOException>(async () => await task))!;
        var generic = await Assert.ThrowsAsync<IOException>(() => FemtoTrace.RunAsync<int>(log, "size", async () =>
        {
            await UploadAsync(fail: true);
            return 1;
        }));

        var records = Flushed(log, sink);
        var upload = records.Single(r => r.Message == "upload");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(upload.Exception));
            Assert.That(thrown.StackTrace, Does.Contain(nameof(UploadAsync)), "the original frames are kept");
            Assert.That(Kv(upload, "error_type"), Is.EqualTo("System.IO.IOException"));
            Assert.That(Kv(upload, "error_message"), Is.EqualTo("network down"));
            Assert.That(Kv(records.Single(r => r.Message == "size"), "status"), Is.EqualTo("error"));
            Assert.That(HasKey(records.Single(r => r.Message == "caller, while the call runs"), "span_id"), Is.False,
                "the traced call's span does not leak into its caller's flow");
            Assert.That(generic, Is.Not.Null);
        }
    }

    [Test]
    public void A_sampled_out_RunAsync_returns_the_bodys_own_task()
    {
        var (log, sink) = Collecting();
        var own = new TaskCompletionSource<int>();
        Assert.That(FemtoTrace.RunAsync(log, "skip", () => own.Task, sampleRate: 0), Is.SameAs(own.Task));
        Task plain = Task.CompletedTask;
        Assert.That(FemtoTrace.RunAsync(log, "skip", () => plain, sampleRate: 0), Is.SameAs(plain));
        Assert.That(FemtoTrace.Run(log, "skip", () => 5, sampleRate: 0), Is.EqualTo(5));
        own.SetResult(1);
        Assert.That(Flushed(log, sink), Is.Empty);
    }

    [Test]
    public void Nested_traced_calls_link_their_spans()
    {
        var (log, sink) = Collecting();
        FemtoTrace.Run(log, "outer", () => FemtoTrace.Run(log, "inner", () => log.Info("leaf")));
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        Assert.That(Text(byMessage["inner"], "parent_span_id"), Is.EqualTo(Text(byMessage["outer"], "span_id")));
        Assert.That(Text(byMessage["leaf"], "span_id"), Is.EqualTo(Text(byMessage["inner"], "span_id")));
        Assert.That(Text(byMessage["leaf"], "trace_id"), Is.EqualTo(Text(byMessage["outer"], "trace_id")));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Charge(int amount) =>
        amount < 0 ? throw new InvalidOperationException($"amount {amount} is negative") : amount;

    private static async Task UploadAsync(bool fail)
    {
        await Task.Yield();
        if (fail) throw new IOException("network down");
    }

    private static string FirstFrame(Exception e) => e.StackTrace!.Split('\n')[0].Trim();
}
