using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Http;

/// <summary>Request spacing (MinRequestInterval between request starts, on a fake clock) and adaptive back pressure:
/// the schedule's arithmetic, a real caller slowed to the measured rate, and no pacing when it is off.</summary>
public sealed class HttpBackPressureTests : HttpTestBase
{
    [Test]
    public void MinRequestInterval_spaces_request_starts_on_the_handlers_clock()
    {
        var server = Ingest();
        var clock = WholeSecondClock();
        var handler = Build(To(server).WithBatchSize(1).WithMinRequestInterval(TimeSpan.FromSeconds(2)).WithTimeProvider(clock));
        Log(handler, 0, 3);
        Assert.That(server.WaitForRequests(1, Patience), Is.True, "the first request leaves at once");
        UntilSleeping(handler);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(server.StaysAt(1, Quiet), Is.True, "1.9 s after the first start");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(server.WaitForRequests(2, Patience), Is.True);
        UntilSleeping(handler);
        Assert.That(server.StaysAt(2, Quiet), Is.True);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(server.WaitForRequests(3, Patience), Is.True);
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 3)));
    }

    [Test]
    public void The_pacing_schedule_lets_a_batch_through_then_spaces_callers_by_the_send_cost_capped_per_call()
    {
        var clock = new FakeTimeProvider();
        long ms = clock.TimestampFrequency / 1000;
        var pacer = new SendCostPacer(clock, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(35), burst: 4);
        long now = clock.GetTimestamp();
        var waits = Enumerable.Range(0, 10).Select(_ => pacer.Reserve(now) / ms).ToArray();
        // Five records run free (four ahead of the schedule is the tolerance), then 10 ms per record, at most 35 ms a call.
        Assert.That(waits, Is.EqualTo(new long[] { 0, 0, 0, 0, 0, 10, 20, 30, 35, 35 }));
        clock.Advance(TimeSpan.FromSeconds(10)); // quiet: the schedule catches up
        now = clock.GetTimestamp();
        Assert.That(pacer.Reserve(now), Is.Zero);

        pacer.Measured(TimeSpan.FromMilliseconds(50), records: 5, fullBatch: true); // the first measurement replaces the guess
        Assert.That(pacer.CostPerRecord.TotalMilliseconds, Is.EqualTo(10).Within(0.01));
        pacer.Measured(TimeSpan.FromMilliseconds(100), records: 5, fullBatch: true); // 20 ms per record: the average moves a quarter of the way
        Assert.That(pacer.CostPerRecord.TotalMilliseconds, Is.EqualTo(12.5).Within(0.01));
        pacer.Measured(TimeSpan.FromMilliseconds(500), records: 2, fullBatch: false); // a small batch overstates the cost: ignored
        Assert.That(pacer.CostPerRecord.TotalMilliseconds, Is.EqualTo(12.5).Within(0.01));
        pacer.Measured(TimeSpan.FromMilliseconds(2), records: 2, fullBatch: false); // ...but may lower it
        Assert.That(pacer.CostPerRecord.TotalMilliseconds, Is.LessThan(12.5));
    }

    [Test]
    public void A_measured_cost_below_the_guess_rescales_the_callers_already_scheduled()
    {
        var clock = new FakeTimeProvider();
        long ms = clock.TimestampFrequency / 1000;
        var pacer = new SendCostPacer(clock, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), burst: 4);
        long now = clock.GetTimestamp();
        for (int i = 0; i < 10; i++) pacer.Reserve(now); // ten records scheduled at 10 ms each: 100 ms ahead
        Assert.That(pacer.Reserve(now) / ms, Is.EqualTo(60), "the eleventh would wait 100 ms less the 40 ms tolerance");

        pacer.Measured(TimeSpan.FromMilliseconds(5), records: 5, fullBatch: true); // 1 ms per record

        // Eleven records at 1 ms each: 11 ms ahead, less a 4 ms tolerance.
        Assert.That(pacer.Reserve(now) / ms, Is.EqualTo(7));
    }

    [Test]
    public void Adaptive_back_pressure_slows_a_hot_loop_to_the_measured_send_rate()
    {
        var server = Ingest();
        // Requests at most every 100 ms, five records each: the measured cost stays at 20 ms per record.
        var handler = Build(To(server).WithBatchSize(5).WithMinRequestInterval(TimeSpan.FromMilliseconds(100))
            .WithAdaptiveBackPressure(maxDelay: TimeSpan.FromMilliseconds(250), initialCostPerRecord: TimeSpan.FromMilliseconds(20)));
        var log = NewLogger("paced");
        log.AddHandler(handler);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 26; i++) log.Info("r" + i);
        clock.Stop();
        FlushOrFail(log);

        // Six records run free; the other twenty wait their 20 ms slots (sleeps never end early).
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(20 * 20 - 20)));
        Assert.That(handler.ThrottledCalls, Is.GreaterThan(0));
        Assert.That(handler.ThrottledTime, Is.GreaterThan(TimeSpan.FromMilliseconds(300)));
        Assert.That(handler.SendCostPerRecord, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(19)));
        Assert.That(server.Accepted, Is.EqualTo(Messages(0, 26)));
        Assert.That(handler.AdaptiveBackPressure, Is.True);
    }

    [Test]
    public void Without_adaptive_back_pressure_callers_are_never_paced()
    {
        var server = Ingest();
        var handler = Build(To(server).WithBatchSize(5).WithMinRequestInterval(TimeSpan.FromMilliseconds(100)).WithCapacity(4096));
        var clock = Stopwatch.StartNew();
        Log(handler, 0, 2_000);
        clock.Stop();
        Assert.That(handler.ThrottledCalls, Is.Zero);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "2,000 calls with no pacing (and a queue that holds them)");
    }
}
