using Femto.Handlers;
using Microsoft.Extensions.Time.Testing;

namespace Femto.Tests.Socket;

/// <summary>The one backoff schedule the network handlers share, on a fake clock with a seeded jitter source.</summary>
public sealed class BackoffTests
{
    private static readonly BackoffConfig Config = new() { BaseMs = 100, CapMs = 1_000, ResetAfterMs = 5_000, DeadlineMs = 10_000 };

    [Test]
    public void Waits_grow_with_full_jitter_between_base_and_the_capped_ceiling()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(Config, clock, new Random(42));
        Assert.That(backoff.Failed(), Is.EqualTo(TimeSpan.FromMilliseconds(100)), "the first retry waits BaseMs");
        var seen = new List<double>();
        for (int attempt = 2; attempt <= 12; attempt++)
        {
            double ms = backoff.Failed().TotalMilliseconds;
            double ceiling = Math.Min(1_000, 100 * Math.Pow(2, attempt - 1));
            Assert.That(ms, Is.InRange(100, ceiling), $"attempt {attempt}");
            seen.Add(ms);
        }
        Assert.That(seen.Distinct().Count(), Is.GreaterThan(5), "jittered, not fixed");
        Assert.That(Backoff.Delay(Config, 30, 0.999999), Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(1_000)), "never past the cap");
        Assert.That(Backoff.Delay(Config, 3, 0), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(Backoff.Delay(Config, 3, 0.5), Is.EqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public void Judge_turns_the_failure_streak_into_the_handlers_health()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(Config, clock, new Random(1));
        var healthy = new HandlerHealth(HealthStatus.Healthy, null);
        Assert.That(backoff.Judge(healthy, "127.0.0.1:9020", null, "buffering records"), Is.EqualTo(healthy));

        backoff.Failed();
        Assert.That(backoff.Judge(healthy, "127.0.0.1:9020", "connection refused", "buffering records"),
            Is.EqualTo(new HandlerHealth(HealthStatus.Unhealthy, "cannot deliver to 127.0.0.1:9020: connection refused; buffering records")));
        clock.Advance(TimeSpan.FromMilliseconds(Config.DeadlineMs));
        Assert.That(backoff.Judge(healthy, "127.0.0.1:9020", "connection refused", "buffering records").Reason,
            Does.EndWith("; dropping records (past the backoff deadline)"));

        backoff.Succeeded();
        var stillCounting = new HandlerHealth(HealthStatus.Unhealthy, "records dropped recently");
        Assert.That(backoff.Judge(stillCounting, "127.0.0.1:9020", "connection refused", "buffering records"),
            Is.EqualTo(new HandlerHealth(HealthStatus.Degraded, "delivering to 127.0.0.1:9020 again after: connection refused")));
        var degraded = new HandlerHealth(HealthStatus.Degraded, "drops");
        Assert.That(backoff.Judge(degraded, "127.0.0.1:9020", "connection refused", "buffering records"), Is.EqualTo(degraded));
    }

    [Test]
    public void The_next_attempt_waits_on_the_clock()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(Config, clock, new Random(1));
        Assert.That(backoff.RetryIn, Is.EqualTo(TimeSpan.Zero));
        var wait = backoff.Failed();
        Assert.That(backoff.RetryIn, Is.EqualTo(wait));
        clock.Advance(wait / 2);
        Assert.That(backoff.RetryIn, Is.EqualTo(wait - wait / 2));
        clock.Advance(wait);
        Assert.That(backoff.RetryIn, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void The_deadline_counts_continuous_failure_and_a_success_ends_it()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(Config, clock, new Random(1));
        backoff.Failed();
        clock.Advance(TimeSpan.FromSeconds(9));
        backoff.Failed();
        Assert.That((backoff.IsFailing, backoff.DeadlinePassed), Is.EqualTo((true, false)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(backoff.DeadlinePassed, Is.True);
        Assert.That(backoff.FailingFor, Is.EqualTo(TimeSpan.FromSeconds(10)));
        backoff.Succeeded();
        Assert.That((backoff.IsFailing, backoff.DeadlinePassed, backoff.RetryIn), Is.EqualTo((false, false, TimeSpan.Zero)));
    }

    [Test]
    public void The_attempt_counter_resets_only_after_staying_healthy_for_ResetAfterMs()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(Config, clock, new Random(1));
        for (int i = 0; i < 4; i++) backoff.Failed();
        backoff.Succeeded();
        clock.Advance(TimeSpan.FromSeconds(1)); // a connection that drops again soon: keep backing off
        backoff.Failed();
        Assert.That(backoff.Attempts, Is.EqualTo(5));
        backoff.Succeeded();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(backoff.Failed(), Is.EqualTo(TimeSpan.FromMilliseconds(100)), "healthy long enough: back to the first wait");
        Assert.That(backoff.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void A_wait_the_peer_asks_for_is_honoured_past_the_cap()
    {
        var backoff = new Backoff(Config, new FakeTimeProvider(), new Random(1));
        Assert.That(backoff.Failed(atLeast: TimeSpan.FromSeconds(30)), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Invalid_timings_are_rejected_naming_them()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BackoffConfig { BaseMs = 0 });
        Assert.That(ex!.ParamName, Is.EqualTo("BaseMs"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BackoffConfig { DeadlineMs = -1 })!.ParamName, Is.EqualTo("DeadlineMs"));
        Assert.Throws<HandlerConfigException>(() => _ = new Backoff(new BackoffConfig { BaseMs = 2_000, CapMs = 1_000 }));
    }
}
