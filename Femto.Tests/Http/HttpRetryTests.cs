using System.Globalization;

namespace Femto.Tests.Http;

/// <summary>What each answer does: 2xx delivers; 408/429/5xx, timeouts and refused connections retry with backoff
/// and Retry-After (seconds or an HTTP date, waited in full past the cap, measured on a fake clock); other 4xx drop
/// at once, counted with the status; past the deadline the batch is dropped and counted.</summary>
public sealed class HttpRetryTests : HttpTestBase
{
    [Test]
    public async Task Retry_After_in_seconds_is_waited_in_full_even_past_the_backoff_cap()
    {
        var server = Ingest(i => i == 0 ? new Reply(503, RetryAfter: "30") : Reply.Ok);
        var clock = WholeSecondClock();
        var handler = Build(To(server).WithTimeProvider(clock)); // backoff cap: 50 ms
        Log(handler, 0, 5);
        var flush = handler.FlushAsync(Patience);
        Assert.That(server.WaitForRequests(1, Patience), Is.True);
        UntilSleeping(handler);
        Assert.That(handler.LastStatusCode, Is.EqualTo(503));

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(server.StaysAt(1, Quiet), Is.True, "29 s: still waiting");
        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await flush;
        Assert.That(result, Is.EqualTo(new HttpFlushResult(true, 200, 5, 0, null)));
        Assert.That(server.Count, Is.EqualTo(2));
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 5)), "delivered once, in order");
        Assert.That((handler.RetryCount, handler.RequestCount, handler.BatchCount), Is.EqualTo((1L, 2L, 1L)));
    }

    [Test]
    public async Task Retry_After_as_an_http_date_is_measured_on_the_handlers_clock()
    {
        var clock = WholeSecondClock();
        string date = clock.GetUtcNow().AddSeconds(60).ToString("R", CultureInfo.InvariantCulture);
        var server = Ingest(i => i == 0 ? new Reply(429, RetryAfter: date) : Reply.Ok);
        var handler = Build(To(server).WithTimeProvider(clock));
        Log(handler, 0, 3);
        var flush = handler.FlushAsync(Patience);
        Assert.That(server.WaitForRequests(1, Patience), Is.True);
        UntilSleeping(handler);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(server.StaysAt(1, Quiet), Is.True, "59 s: the date has not come");
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That((await flush).Ok, Is.True);
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 3)));
        Assert.That(handler.LastStatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_400_is_not_retried_its_batch_is_dropped_and_counted_with_the_status()
    {
        var server = Ingest(i => i == 0 ? new Reply(400) : Reply.Ok);
        var handler = Build(To(server));
        Log(handler, 0, 3);
        Assert.That(handler.Flush(Patience), Is.False, "rejected records are lost: Flush says so");

        var settled = await handler.FlushAsync(Patience);
        Assert.That(settled, Is.EqualTo(new HttpFlushResult(true, 400, 0, 3, null)), "every record reached a final state");
        Assert.That(server.Count, Is.EqualTo(1), "not retried");
        Assert.That(handler.DroppedBy(DropReason.Rejected), Is.EqualTo(3));
        Assert.That(handler.RejectedByStatus, Is.EqualTo(new Dictionary<int, long> { [400] = 3 }));
        Assert.That(handler.RetryCount, Is.Zero);
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(handler.Health.Reason, Does.Contain("400"));

        Log(handler, 3, 2);
        var next = await handler.FlushAsync(Patience);
        Assert.That(next, Is.EqualTo(new HttpFlushResult(true, 200, 2, 3, null)), "the next batch goes through");
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(5));
    }

    [Test]
    public void A_503_then_200_delivers_everything_exactly_once_in_order()
    {
        var server = Ingest(i => i < 2 ? new Reply(503) : Reply.Ok);
        var handler = Build(To(server).WithBatchSize(5));
        Log(handler, 0, 20);
        Assert.That(handler.Flush(Patience), Is.True, handler.LastError);

        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 20)));
        Assert.That((handler.SentCount, handler.DroppedCount, handler.RetryCount), Is.EqualTo((20L, 0L, 2L)));
        Assert.That(handler.ErrorCount, Is.EqualTo(2), "each failed attempt is counted as a sink error");
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Degraded), "recovered, recently failing");
    }

    [Test]
    public async Task Past_the_deadline_the_batch_is_dropped_and_counted_and_records_drop_as_they_come_until_the_next_attempt()
    {
        bool up = false;
        var server = Ingest(_ => Volatile.Read(ref up) ? Reply.Ok : new Reply(503));
        var clock = WholeSecondClock();
        var handler = Build(To(server).WithTimeProvider(clock)
            .WithBackoff(new BackoffConfig { BaseMs = 5_000, CapMs = 5_000, DeadlineMs = 8_000 }));
        Log(handler, 0, 5);
        var flush = handler.FlushAsync(Patience);
        Assert.That(server.WaitForRequests(1, Patience), Is.True);
        UntilSleeping(handler);
        clock.Advance(TimeSpan.FromSeconds(5)); // second attempt, 503 again; the next would come after the deadline
        Assert.That(server.WaitForRequests(2, Patience), Is.True);
        UntilSleeping(handler);
        Assert.That(handler.DroppedCount, Is.Zero, "kept within the deadline");
        clock.Advance(TimeSpan.FromSeconds(3)); // the deadline

        var result = await flush;
        Assert.That(result, Is.EqualTo(new HttpFlushResult(true, 503, 0, 5, null)), "dropped at the deadline is a final state");
        Assert.That(handler.DroppedBy(DropReason.Deadline), Is.EqualTo(5));
        Assert.That(handler.Health.Reason, Does.Contain("past the backoff deadline"));
        Log(handler, 5, 1);
        Assert.That(SpinWait.SpinUntil(() => handler.DroppedBy(DropReason.Deadline) == 6, Patience), Is.True, "dropped as it comes");

        Volatile.Write(ref up, true);
        clock.Advance(TimeSpan.FromSeconds(2)); // the next attempt is due
        Log(handler, 6, 1);
        Assert.That((await handler.FlushAsync(Patience)).Ok, Is.True);
        Assert.That(server.Accepted, Is.EqualTo(new[] { "r6" }));
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo((1L, 6L)));
        Assert.That(handler.Health.Status, Is.Not.EqualTo(HealthStatus.Unhealthy));
    }

    [Test]
    public async Task A_server_that_hangs_hits_the_timeout_and_the_batch_is_retried()
    {
        var server = Ingest(i => i == 0 ? new Reply(Hang: true) : Reply.Ok);
        var handler = Build(To(server).WithTimeout(TimeSpan.FromMilliseconds(300)));
        Log(handler, 0, 3);
        var result = await handler.FlushAsync(Patience);

        Assert.That(result.Ok, Is.True, result.Error);
        Assert.That(server.Count, Is.EqualTo(2));
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 3)));
        Assert.That(handler.RetryCount, Is.EqualTo(1));
        Assert.That(handler.LastError, Does.Contain("timed out after 0.3 s"));
    }

    [Test]
    public async Task A_refused_connection_is_retried_like_a_5xx_until_the_endpoint_comes_up()
    {
        var server = Ingest();
        string url = server.Url;
        server.Kill();
        var handler = Build(new HttpHandlerBuilder().WithEndpoint(url).WithBackoff(Quick));
        Log(handler, 0, 4);
        var down = await handler.FlushAsync(TimeSpan.FromMilliseconds(300));
        Assert.That(down.Ok, Is.False);
        Assert.That(down.StatusCode, Is.Null, "no response yet");
        Assert.That(down.Error, Does.Contain("not every record was sent").And.Contain("last error"));
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Unhealthy));

        server.Restart();
        var up = await handler.FlushAsync(Patience);
        Assert.That(up, Is.EqualTo(new HttpFlushResult(true, 200, 4, 0, null)));
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 4)));
        Assert.That(handler.RetryCount, Is.GreaterThanOrEqualTo(1));
    }
}
