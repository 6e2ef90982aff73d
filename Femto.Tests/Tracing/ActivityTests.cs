using System.Diagnostics;

namespace Femto.Tests.Tracing;

/// <summary>Records logged inside an <see cref="Activity"/> carry its ids, and a scope inside one continues its trace.</summary>
public sealed class ActivityTests : TracingTestBase
{
    private ActivitySource _source = null!;
    private ActivityListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        _source = new ActivitySource("Femto.Tests." + Guid.NewGuid().ToString("N"));
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, _source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [TearDown]
    public void StopListening()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    [Test]
    public void Records_inside_an_activity_carry_its_trace_and_span_ids()
    {
        var (log, sink) = Collecting();
        string trace, span;
        using (var activity = _source.StartActivity("request")!)
        {
            trace = activity.TraceId.ToHexString();
            span = activity.SpanId.ToHexString();
            log.Info("inside");
        }
        log.Info("outside");
        var records = Flushed(log, sink);
        Assert.That(Kv(records[0], "trace_id"), Is.EqualTo(trace));
        Assert.That(Kv(records[0], "span_id"), Is.EqualTo(span));
        Assert.That(records[1].KeyValues, Is.Empty);
    }

    [Test]
    public void An_activity_started_without_a_listener_counts_too()
    {
        var (log, sink) = Collecting();
        var activity = new Activity("manual").Start();
        try
        {
            log.Info("inside");
        }
        finally
        {
            activity.Stop();
        }
        Assert.That(Kv(Flushed(log, sink).Single(), "span_id"), Is.EqualTo(activity.SpanId.ToHexString()));
    }

    [Test]
    public void A_scope_inside_an_activity_continues_its_trace()
    {
        var (log, sink) = Collecting();
        string trace, span;
        using (var activity = _source.StartActivity("request")!)
        {
            trace = activity.TraceId.ToHexString();
            span = activity.SpanId.ToHexString();
            using (log.Time("handler")) log.Info("in the scope");
        }
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        var scope = byMessage["handler"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(scope, "trace_id"), Is.EqualTo(trace));
            Assert.That(Text(scope, "parent_span_id"), Is.EqualTo(span));
            Assert.That(Text(scope, "span_id"), Is.Not.EqualTo(span));
            Assert.That(Text(byMessage["in the scope"], "span_id"), Is.EqualTo(Text(scope, "span_id")), "the scope is the innermost span");
            Assert.That(Text(byMessage["in the scope"], "trace_id"), Is.EqualTo(trace));
        }
    }

    [Test]
    public void An_activity_started_inside_a_scope_is_the_innermost_span()
    {
        var (log, sink) = Collecting();
        string scopeSpan, activitySpan;
        using (var scope = log.Time("outer"))
        {
            scopeSpan = scope.SpanId.ToString();
            using (var activity = _source.StartActivity("db")!)
            {
                activitySpan = activity.SpanId.ToHexString();
                log.Info("in the activity");
                using (log.Time("query")) { }
            }
            log.Info("after the activity");
        }
        var byMessage = Flushed(log, sink).ToDictionary(r => r.Message);
        Assert.That(Text(byMessage["in the activity"], "span_id"), Is.EqualTo(activitySpan));
        Assert.That(Text(byMessage["query"], "parent_span_id"), Is.EqualTo(activitySpan));
        Assert.That(Text(byMessage["after the activity"], "span_id"), Is.EqualTo(scopeSpan));
    }
}
