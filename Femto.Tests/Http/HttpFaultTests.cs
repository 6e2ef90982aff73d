using Femto.Tests.Reliability;

namespace Femto.Tests.Http;

/// <summary>Ingest faults, part of the reliability battery: the server killed and restarted while records flow, a
/// slow server, a storm of 500s. Exact accounting throughout: sent + dropped == logged, and what the server accepted
/// is what the handler counts as sent, in order.</summary>
[Category(Battery.Category)]
public sealed class HttpFaultTests : HttpTestBase
{
    [Test]
    public void The_ingest_server_killed_and_restarted_while_logging_loses_nothing_uncounted()
    {
        var server = Ingest();
        // Block on both queues: nothing is dropped for room, so every record must get through the restarts.
        var handler = Build(To(server).WithBatchSize(50).WithCapacity(4096).WithTimeout(TimeSpan.FromSeconds(2))
            .WithOverflowPolicy(OverflowPolicy.Block));
        var log = BlockingLogger("restart", handler, capacity: 4096);
        int restarts = Battery.Scale(5, 40);
        int perPhase = Battery.Scale(1_000, 10_000);
        int logged = 0;
        for (int r = 0; r <= restarts; r++)
        {
            int before = server.Count;
            for (int i = 0; i < perPhase; i++) log.Info("r" + logged++);
            if (r == restarts) break;
            Assert.That(server.WaitForRequests(before + 1, Patience), Is.True, $"phase {r} reached the server (last error: {handler.LastError})");
            server.Kill();
            // The server comes back on its own after a short outage, whatever the producer does meanwhile: with
            // Block queues the producer may wait for room until it is back.
            var comeBack = Task.Run(async () =>
            {
                await Task.Delay(30);
                server.Restart();
            });
            for (int i = 0; i < perPhase / 4; i++) log.Info("r" + logged++);
            Assert.That(comeBack.Wait(Patience), Is.True);
        }
        Assert.That(SpinWait.SpinUntil(() => log.Flush(TimeSpan.FromSeconds(1)) && handler.Flush(TimeSpan.FromSeconds(1)), Patience), Is.True,
            $"the last flush succeeds once the server is back (last error: {handler.LastError})");

        TestContext.Out.WriteLine($"logged {logged}, sent {handler.SentCount}, dropped {handler.DroppedCount}, requests {handler.RequestCount}, retries {handler.RetryCount}");
        Assert.That(handler.SentCount + handler.DroppedCount, Is.EqualTo(logged), "every record sent or counted as dropped");
        Assert.That(handler.DroppedCount, Is.Zero, "nothing dropped: the deadline is far and the queues block");
        Assert.That(handler.RetryCount, Is.GreaterThan(0));
        // A request the server took just before it was killed may be sent again (at least once): duplicates are
        // possible, gaps and reordering are not.
        var firstSeen = server.Accepted.Distinct().Select(m => int.Parse(m[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(firstSeen, Is.EqualTo(Enumerable.Range(0, logged)), "every record arrived, first arrivals in logging order");
        Assert.That(handler.Health.Status, Is.Not.EqualTo(HealthStatus.Unhealthy), handler.Health.Reason);
    }

    [Test]
    public void A_slow_server_gets_everything_in_order_with_back_pressure()
    {
        var server = Ingest(_ => new Reply(Delay: TimeSpan.FromMilliseconds(20)));
        var handler = Build(To(server).WithOverflowPolicy(OverflowPolicy.Block).WithCapacity(256));
        int count = Battery.Scale(3_000, 30_000);
        LogAndFlush(BlockingLogger("slow", handler), count);

        Assert.That(server.Accepted, Is.EqualTo(Messages(0, count)));
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo(((long)count, 0L)));
        Assert.That(server.Requests.Average(r => r.Records.Length), Is.GreaterThan(50), "records gather into full batches while a request is slow");
    }

    [Test]
    public void A_storm_of_500s_delays_but_delivers_everything_exactly_once_in_order()
    {
        var random = new Random(20);
        var replies = Enumerable.Range(0, 10_000).Select(i => i < 15 || random.Next(4) == 0 ? new Reply(500) : Reply.Ok).ToArray();
        var server = Ingest(i => replies[i]);
        var handler = Build(To(server).WithBatchSize(50).WithOverflowPolicy(OverflowPolicy.Block));
        int count = Battery.Scale(2_000, 20_000);
        LogAndFlush(BlockingLogger("storm", handler), count);

        Assert.That(server.Accepted, Is.EqualTo(Messages(0, count)), "a 500 means not accepted: each record is accepted once");
        Assert.That((handler.SentCount, handler.DroppedCount), Is.EqualTo(((long)count, 0L)));
        Assert.That(handler.RetryCount, Is.EqualTo(server.Requests.Count(r => r.Status == 500)));
        Assert.That(handler.Health.Status, Is.EqualTo(HealthStatus.Degraded), handler.Health.Reason);
    }
}
