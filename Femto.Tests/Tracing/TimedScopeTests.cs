namespace Femto.Tests.Tracing;

/// <summary><c>log.Time(...)</c>: one record per scope with the sentinel-trace fields, exact durations from the
/// clock, W3C ids, nesting, labels, failures, and the records logged inside.</summary>
public sealed class TimedScopeTests : TracingTestBase
{
    [Test]
    public void A_scope_writes_one_record_with_the_exact_duration_from_the_time_provider()
    {
        var clock = UseFakeClock();
        var (log, sink) = Collecting();

        using (log.Time("checkout", ("order", 42), ("region", "eu")))
        {
            clock.Advance(TimeSpan.FromMilliseconds(1234.5));
        }
        using (log.Time("tiny")) clock.Advance(TimeSpan.FromTicks(3)); // 0.3 µs

        var records = Flushed(log, sink);
        Assert.That(records, Has.Count.EqualTo(2));
        var r = records[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Level, Is.EqualTo(FemtoLevel.Info));
            Assert.That(r.Message, Is.EqualTo("checkout"));
            Assert.That(Kv(r, "function"), Is.EqualTo("checkout"));
            Assert.That(Kv(r, "duration_ms"), Is.EqualTo(1234.5).And.TypeOf<double>());
            Assert.That(Kv(r, "status"), Is.EqualTo("success"));
            Assert.That(HasKey(r, "error_type"), Is.False, "no error fields on success (the JSON line writes error_type: null)");
            Assert.That(HasKey(r, "parent_span_id"), Is.False, "a top-level scope has no parent");
            Assert.That(Kv(r, "order"), Is.EqualTo(42));
            Assert.That(Kv(r, "region"), Is.EqualTo("eu"));
            Assert.That(Text(r, "trace_id"), Does.Match(TraceIdShape()));
            Assert.That(Text(r, "span_id"), Does.Match(SpanIdShape()));
            Assert.That(Kv(records[1], "duration_ms"), Is.EqualTo(0.0003));
        }
    }

    [Test]
    public void A_label_makes_the_function_name_with_the_label_in_brackets()
    {
        var (log, sink) = Collecting();
        using (log.Time("run", "checkout")) { }
        using (log.Time("run", label: null)) { }
        using (log.Time("run", "checkout", ("order", 7))) { }
        var records = Flushed(log, sink);
        Assert.That(records.Select(r => Kv(r, "function")), Is.EqualTo(new[] { "run[checkout]", "run", "run[checkout]" }));
        Assert.That(Kv(records[2], "order"), Is.EqualTo(7));
    }

    [Test]
    public void Nested_scopes_share_the_trace_and_link_parent_span_ids()
    {
        var (log, sink) = Collecting();
        FemtoTraceId outerTrace;
        FemtoSpanId outerSpan;
        using (var outer = log.Time("outer"))
        {
            outerTrace = outer.TraceId;
            outerSpan = outer.SpanId;
            log.Info("inside outer");
            using (var nested = log.Time("inner"))
            {
                Assert.That(nested.TraceId, Is.EqualTo(outer.TraceId));
                Assert.That(nested.SpanId, Is.Not.EqualTo(outer.SpanId));
                log.Info("inside inner");
            }
            log.Info("back in outer");
        }
        log.Info("outside");

        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        string trace = outerTrace.ToString(), span = outerSpan.ToString();
        var inner = byMessage["inner"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(byMessage["outer"], "trace_id"), Is.EqualTo(trace));
            Assert.That(Text(byMessage["outer"], "span_id"), Is.EqualTo(span));
            Assert.That(Text(inner, "trace_id"), Is.EqualTo(trace));
            Assert.That(Text(inner, "parent_span_id"), Is.EqualTo(span));
            Assert.That(Text(inner, "span_id"), Is.Not.EqualTo(span).And.Match(SpanIdShape()));
            Assert.That(Text(byMessage["inside outer"], "span_id"), Is.EqualTo(span));
            Assert.That(Text(byMessage["inside inner"], "span_id"), Is.EqualTo(Text(inner, "span_id")));
            Assert.That(Text(byMessage["inside inner"], "trace_id"), Is.EqualTo(trace));
            Assert.That(Text(byMessage["back in outer"], "span_id"), Is.EqualTo(span), "the inner scope's dispose restored the outer span");
            Assert.That(HasKey(byMessage["outside"], "trace_id"), Is.False);
            Assert.That(HasKey(byMessage["outside"], "span_id"), Is.False);
        }
    }

    [Test]
    public void Separate_top_level_scopes_get_separate_traces()
    {
        var (log, sink) = Collecting();
        for (int i = 0; i < 20; i++) using (log.Time("op")) { }
        var ids = Flushed(log, sink).Select(r => Text(r, "trace_id")).ToList();
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void Fail_records_an_error_at_error_level_with_the_exception_type_and_message()
    {
        var (log, sink) = Collecting();
        var boom = new InvalidOperationException("card declined");
        using (var scope = log.Time("pay"))
        {
            try
            {
                throw boom;
            }
            catch (Exception e) when (scope.Fail(e))
            {
                Assert.Fail("Fail returns false, so the filter never catches");
            }
            catch (InvalidOperationException)
            {
                // the test's own handler
            }
        }
        var r = Flushed(log, sink).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Level, Is.EqualTo(FemtoLevel.Error));
            Assert.That(Kv(r, "status"), Is.EqualTo("error"));
            Assert.That(Kv(r, "error_type"), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(Kv(r, "error_message"), Is.EqualTo("card declined"));
            Assert.That(r.Exception, Is.SameAs(boom));
        }
    }

    [Test]
    public void Await_using_times_an_async_block_and_records_inside_it_carry_its_span()
    {
        var clock = UseFakeClock();
        var (log, sink) = Collecting();
        string? span = null;

        async Task Work()
        {
            await using var scope = log.Time("fetch");
            span = scope.SpanId.ToString();
            await Task.Yield();
            log.Info("after the await");
            await Task.Run(() => log.Info("in Task.Run"));
            clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        Work().GetAwaiter().GetResult();
        log.Info("after the scope");
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Kv(byMessage["fetch"], "duration_ms"), Is.EqualTo(7.0));
            Assert.That(Text(byMessage["after the await"], "span_id"), Is.EqualTo(span));
            Assert.That(Text(byMessage["in Task.Run"], "span_id"), Is.EqualTo(span));
            Assert.That(HasKey(byMessage["after the scope"], "span_id"), Is.False, "the async method's scope stays inside it");
        }
    }

    [Test]
    public void Disposing_twice_or_disposing_a_copy_writes_one_record()
    {
        var (log, sink) = Collecting();
        var scope = log.Time("once");
        var copy = scope;
        scope.Dispose();
        scope.Dispose();
        copy.Dispose();
        Assert.That(scope.IsRecording, Is.False);
        Assert.That(copy.Fail(new InvalidOperationException()), Is.False, "Fail after the end is ignored");

        // The pooled state is reused by the next scope; the old copy still does nothing.
        using (log.Time("next")) copy.Dispose();
        Assert.That(Flushed(log, sink).Select(r => r.Message), Is.EqualTo(new[] { "once", "next" }));
    }

    [Test]
    public void A_scope_on_a_logger_with_info_and_error_disabled_does_nothing()
    {
        var (log, sink) = Collecting();
        log.Level = FemtoLevel.Critical;
        using (var scope = log.Time("quiet"))
        {
            Assert.That(scope.IsRecording, Is.False);
            Assert.That(scope.TraceId.IsEmpty, Is.True);
            log.Critical("inside");
        }
        var r = Flushed(log, sink).Single();
        Assert.That(HasKey(r, "trace_id"), Is.False);
    }

    [Test]
    public void Error_level_only_records_failures()
    {
        var (log, sink) = Collecting();
        log.Level = FemtoLevel.Error;
        using (log.Time("fine")) { }
        using (var s = log.Time("broken")) s.Fail(new TimeoutException("slow"));
        var r = Flushed(log, sink).Single();
        Assert.That(Kv(r, "function"), Is.EqualTo("broken"));
        Assert.That(Kv(r, "error_type"), Is.EqualTo("System.TimeoutException"));
    }

    [Test]
    public void The_scope_record_goes_to_the_ancestors_handlers_too()
    {
        var parent = NewLogger("parent");
        var child = FemtoLogging.GetLogger(parent.Name + ".child");
        var sink = new CollectingHandler();
        parent.AddHandler(sink);
        using (child.Time("op")) { }
        FlushOrFail(child);
        Assert.That(sink.Records.Single().Logger, Is.EqualTo(child.Name));
    }

    [Test]
    public void Bad_arguments_are_rejected_whether_or_not_the_scope_is_sampled()
    {
        var (log, _) = Collecting();
        foreach (double rate in new[] { 1.0, 0.0 })
        {
            Assert.Throws<ArgumentException>(() => log.Time("", rate));
            Assert.Throws<ArgumentNullException>(() => log.Time(null!, rate));
            Assert.Throws<ArgumentException>(() => log.Time("op", rate, ("", 1)));
            var reserved = Assert.Throws<ArgumentException>(() => log.Time("op", rate, ("status", "x")))!;
            Assert.That(reserved.Message, Does.Contain("'status'"));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Time("op", 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Time("op", -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Time("op", double.NaN));
        Assert.Throws<ArgumentNullException>(() => log.Time("op").Fail(null!));
    }

    [Test]
    public void Scope_values_that_are_not_scalars_are_turned_into_text_when_the_scope_starts()
    {
        var (log, sink) = Collecting();
        var mutable = new Mutable { Text = "at start" };
        using (log.Time("op", ("thing", mutable), ("when", new DateOnly(2026, 1, 2)), ("none", null)))
        {
            mutable.Text = "changed later";
        }
        var r = Flushed(log, sink).Single();
        Assert.That(Kv(r, "thing"), Is.EqualTo("at start"));
        Assert.That(Kv(r, "when"), Is.EqualTo(new DateOnly(2026, 1, 2)));
        Assert.That(Kv(r, "none"), Is.Null);
    }

    private sealed class Mutable
    {
        public string Text = "";
        public override string ToString() => Text;
    }
}
