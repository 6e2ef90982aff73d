using System.Text.Json;

namespace Femto.Tests.Http;

/// <summary>When requests leave and what they carry: by batch size, by the flush interval after the oldest record
/// (on a fake clock), on flush, close and a logger's flush; one JSON array per request, in order.</summary>
public sealed class HttpBatchingTests : HttpTestBase
{
    [Test]
    public async Task A_full_batch_leaves_at_once_and_the_rest_waits_for_the_interval_or_a_flush()
    {
        var server = Ingest();
        var clock = WholeSecondClock();
        var handler = Build(To(server).WithBatchSize(10).WithFlushInterval(TimeSpan.FromHours(1)).WithTimeProvider(clock));
        Log(handler, 0, 25);
        Assert.That(server.WaitForRequests(2, Patience), Is.True);
        Assert.That(SpinWait.SpinUntil(() => handler.BufferedCount == 5, Patience), Is.True, "the last five are buffered");
        Assert.That(server.StaysAt(2, Quiet), Is.True, "a partial batch waits");

        var result = await handler.FlushAsync(Patience);

        Assert.That(result, Is.EqualTo(new HttpFlushResult(true, 200, 25, 0, null)));
        Assert.That(server.Requests.Select(r => r.Records.Length), Is.EqualTo(new[] { 10, 10, 5 }));
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 25)));
        Assert.That((handler.SentCount, handler.BatchCount, handler.RequestCount, handler.RetryCount), Is.EqualTo((25L, 3L, 3L, 0L)));
    }

    [Test]
    public void A_partial_batch_leaves_one_flush_interval_after_its_oldest_record_on_the_handlers_clock()
    {
        var server = Ingest();
        var clock = WholeSecondClock();
        var handler = Build(To(server).WithFlushInterval(TimeSpan.FromSeconds(5)).WithTimeProvider(clock));
        Log(handler, 0, 1);
        Assert.That(SpinWait.SpinUntil(() => handler.BufferedCount == 1, Patience), Is.True);
        clock.Advance(TimeSpan.FromSeconds(3));
        Log(handler, 1, 1);
        Assert.That(SpinWait.SpinUntil(() => handler.BufferedCount == 2, Patience), Is.True);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(server.StaysAt(0, Quiet), Is.True, "4.9 s after the oldest record: nothing yet");

        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.That(server.WaitForRequests(1, Patience), Is.True, "5 s after the oldest record the batch leaves");
        Assert.That(server.Requests[0].Messages, Is.EqualTo(Messages(0, 2)));
        // The next batch's interval counts from its own first record.
        Log(handler, 2, 1);
        Assert.That(SpinWait.SpinUntil(() => handler.BufferedCount == 1, Patience), Is.True);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(server.WaitForRequests(2, Patience), Is.True);
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 3)));
    }

    [Test]
    public void On_the_system_clock_a_partial_batch_leaves_after_the_interval_without_a_flush()
    {
        // The real clock: the handler's idle stamp and the queue's are microseconds apart, and the batch must still
        // fall due (a stamp taken before the queue's once kept it a few microseconds away for ever).
        var server = Ingest();
        var handler = Build(To(server).WithFlushInterval(TimeSpan.FromMilliseconds(50)));
        for (int round = 0; round < 3; round++)
        {
            Log(handler, round, 1);
            Assert.That(server.WaitForRequests(round + 1, Patience), Is.True, $"round {round}: the batch left on its own");
        }
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 3)));
    }

    [Test]
    public void Every_request_is_a_json_array_of_the_json_formatters_objects_with_content_type_application_json()
    {
        var server = Ingest();
        var handler = Build(To(server));
        var log = NewLogger("shape");
        log.AddHandler(handler);
        log.Warn("user {User} paid {Amount}", "ann", 12.5);
        FlushOrFail(log);

        var request = server.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo("/ingest"));
        Assert.That(request.Headers["Content-Type"], Is.EqualTo("application/json"));
        Assert.That(request.Headers["Content-Length"], Is.EqualTo(request.RawBody.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(request.Headers["User-Agent"], Does.StartWith("Femto/"));
        Assert.That(JsonDocument.Parse(request.Body).RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
        var record = request.Records.Single();
        Assert.That(record.GetProperty("message").GetString(), Is.EqualTo("user ann paid 12.5"));
        Assert.That(record.GetProperty("level").GetString(), Is.EqualTo("WARN"));
        Assert.That(record.GetProperty("logger").GetString(), Is.EqualTo(log.Name));
        Assert.That(record.GetProperty("key_values").GetProperty("User").GetString(), Is.EqualTo("ann"));
        Assert.That(record.GetProperty("key_values").GetProperty("Amount").GetDouble(), Is.EqualTo(12.5));
        Assert.That(record.TryGetProperty("timestamp", out _) && record.TryGetProperty("thread_id", out _), Is.True);
    }

    [Test]
    public void The_host_block_rides_in_every_record_unless_turned_off()
    {
        var server = Ingest();
        var handler = Build(To(server));
        Log(handler, 0, 2);
        Assert.That(handler.Flush(Patience), Is.True);
        foreach (var record in server.Requests.Single().Records)
        {
            var host = record.GetProperty("host");
            Assert.That(host.GetProperty("hostname").GetString(), Is.EqualTo(System.Net.Dns.GetHostName()));
            Assert.That(host.GetProperty("process_id").GetInt32(), Is.EqualTo(Environment.ProcessId));
            Assert.That(host.GetProperty("process_name").GetString(), Is.Not.Empty);
            Assert.That(host.GetProperty("working_directory").GetString(), Is.EqualTo(Environment.CurrentDirectory));
            Assert.That(host.GetProperty("dotnet_version").GetString(), Is.EqualTo(Environment.Version.ToString()));
            Assert.That(host.GetProperty("femto_version").GetString(), Does.Match(@"^\d+\.\d+\.\d+"));
        }

        var bare = Ingest();
        var without = Build(To(bare).WithHostMetadata(false));
        Log(without, 0, 1);
        Assert.That(without.Flush(Patience), Is.True);
        Assert.That(bare.Requests.Single().Records.Single().TryGetProperty("host", out _), Is.False);
        Assert.That((handler.IncludesHostMetadata, without.IncludesHostMetadata), Is.EqualTo((true, false)));
    }

    [Test]
    public void Ten_thousand_records_arrive_in_order_exactly_once_one_request_at_a_time()
    {
        var server = Ingest();
        var handler = Build(To(server).WithBatchSize(37).WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(256));
        LogAndFlush(BlockingLogger("order", handler), 10_000);

        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 10_000)));
        Assert.That(server.Requests.All(r => r.Records.Length <= 37), Is.True);
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo((10_000L, 0L)));
        Assert.That(handler.BatchCount, Is.EqualTo(server.Count));
        Assert.That(server.Requests.Select(r => r.ConnectionId).Distinct().Count(), Is.EqualTo(1), "one connection, reused for every request");
    }

    [Test]
    public void A_batch_that_would_pass_the_byte_limit_leaves_early_a_long_message_is_cut_and_a_record_too_large_is_dropped()
    {
        var server = Ingest();
        var handler = Build(To(server).WithMaxBatchBytes(4096).WithHostMetadata(false));
        var log = NewLogger("bytes");
        log.AddHandler(handler);
        string kilobyte = new('k', 1000);
        for (int i = 0; i < 10; i++) log.Info(kilobyte + i);
        log.Info(new string('m', 8000)); // the message is cut to fit, marked and counted
        log.Info("huge {Blob}", new string('v', 8000)); // a key-value is not cut: the record cannot fit a request
        Assert.That(log.Flush(Patience), Is.False, "the record too large is dropped");

        Assert.That(server.Requests.All(r => r.Body.Length <= 4096), Is.True);
        Assert.That(server.Count, Is.GreaterThanOrEqualTo(4), "about three 1 KB records per 4 KB request");
        var accepted = server.Accepted;
        Assert.That(accepted.Take(10), Is.EqualTo(Messages(0, 10, kilobyte)));
        Assert.That(accepted.Skip(10).Single(), Does.StartWith("mmm").And.Length.LessThan(4096));
        Assert.That((handler.TruncatedCount, handler.DroppedBy(DropReason.Oversize)), Is.EqualTo((2L, 1L)), "both messages cut; the second record is still too large");
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(12));
    }

    [Test]
    public void A_loggers_flush_and_the_handlers_close_send_what_is_buffered()
    {
        var server = Ingest();
        var handler = Build(To(server).WithFlushInterval(TimeSpan.FromHours(1)));
        var log = NewLogger("tail");
        log.AddHandler(handler);
        for (int i = 0; i < 4; i++) log.Info("r" + i);
        Assert.That(log.Flush(Patience), Is.True);
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 4)), "a logger's Flush flushes the handler");

        Log(handler, 4, 3);
        Assert.That(handler.Close(Patience), Is.True);
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 7)), "close sends the tail");
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo((7L, 0L)));
    }
}
