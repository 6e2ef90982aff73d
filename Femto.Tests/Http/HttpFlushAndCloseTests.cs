using System.Diagnostics;

namespace Femto.Tests.Http;

/// <summary>FlushAsync's result (never an exception), close within its timeout against a server that hangs, and
/// callers never held beyond their overflow policy while the endpoint is stuck.</summary>
public sealed class HttpFlushAndCloseTests : HttpTestBase
{
    [Test]
    public async Task FlushAsync_reports_a_timeout_with_the_reason_and_never_throws()
    {
        var server = Ingest(_ => new Reply(Hang: true));
        var handler = Build(To(server).WithTimeout(TimeSpan.FromSeconds(30)));
        Assert.That(await handler.FlushAsync(Patience), Is.EqualTo(new HttpFlushResult(true, null, 0, 0, null)), "nothing to send");
        Log(handler, 0, 2);

        var result = await handler.FlushAsync(TimeSpan.FromMilliseconds(200));

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Error, Does.Contain("not every record was sent within 0.2 s"));
        Assert.That((result.Sent, result.Dropped, result.StatusCode), Is.EqualTo((0L, 0L, (int?)null)));
        Assert.That((await handler.FlushAsync(TimeSpan.FromSeconds(-2))).Error, Does.Contain("must not be negative"));
        handler.Close(TimeSpan.FromSeconds(2)); // cancels the hanging request
        var closed = await handler.FlushAsync(Patience);
        Assert.That((closed.Ok, closed.Error), Is.EqualTo((false, "the handler is closed")));
        Assert.That(SpinWait.SpinUntil(() => handler.DroppedBy(DropReason.Closed) == 2, Patience), Is.True, "what the close could not send is counted");
    }

    [Test]
    public void Close_against_a_hanging_server_returns_within_its_timeout_and_counts_what_it_could_not_send()
    {
        var server = Ingest(_ => new Reply(Hang: true));
        var handler = Build(To(server).WithTimeout(TimeSpan.FromSeconds(30)));
        Log(handler, 0, 3);
        handler.Flush(TimeSpan.FromMilliseconds(100)); // the request is in flight and hangs

        var clock = Stopwatch.StartNew();
        bool drained = handler.Close(TimeSpan.FromSeconds(2));
        clock.Stop();

        TestContext.Out.WriteLine($"closed in {clock.Elapsed.TotalMilliseconds:F0} ms, drained in time: {drained}");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2.5)), "Close returns within its timeout");
        // The request is cancelled a quarter of the timeout early, so the worker normally finishes in time too; on a
        // starved machine it may finish just after Close returned. Either way nothing goes uncounted.
        Assert.That(SpinWait.SpinUntil(() => handler.DroppedBy(DropReason.Closed) == 3, Patience), Is.True);
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(3));
        Assert.That(server.Count, Is.EqualTo(1));
    }

    [Test]
    [Category(Reliability.Battery.Category)]
    public void A_stuck_endpoint_never_holds_a_caller_beyond_its_overflow_policy()
    {
        var server = Ingest(_ => new Reply(Hang: true));
        var handler = Build(To(server).WithTimeout(TimeSpan.FromSeconds(2)).WithBatchSize(2).WithCapacity(4)
            .WithOverflowPolicy(OverflowPolicy.Timeout(TimeSpan.FromMilliseconds(50))));
        int count = 60;
        var slowest = TimeSpan.Zero;
        var call = new Stopwatch();
        for (int i = 0; i < count; i++)
        {
            call.Restart();
            handler.Handle("stuck", FemtoLevel.Info, "r" + i);
            if (call.Elapsed > slowest) slowest = call.Elapsed;
        }
        Assert.That(slowest, Is.LessThan(TimeSpan.FromMilliseconds(50 + 450)), "each call waits at most its 50 ms policy (plus scheduling)");
        Assert.That(handler.DroppedBy(DropReason.Overflow), Is.GreaterThan(0));

        handler.Close(TimeSpan.FromSeconds(1));
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(count), "sent + dropped == logged");
        Assert.That(handler.LastError, Does.Contain("timed out").Or.Contain("closing"));
    }
}
