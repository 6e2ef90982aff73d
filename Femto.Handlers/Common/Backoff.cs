namespace Femto.Handlers;

/// <summary>The retry schedule of a network handler, as a pure state machine on a <see cref="TimeProvider"/>: the
/// owner reports each attempt's outcome with <see cref="Failed"/> or <see cref="Succeeded"/> and asks
/// <see cref="RetryIn"/> when it may try again and <see cref="DeadlinePassed"/> whether to give up on what it holds.
/// It never sleeps, connects or counts records itself, so the socket and HTTP handlers share it and tests drive it
/// with a <c>FakeTimeProvider</c> and a seeded <see cref="Random"/>.</summary>
/// <remarks>
/// <para>After the n-th consecutive failure the next attempt waits a uniformly random time between
/// <see cref="BackoffConfig.BaseMs"/> and <c>min(CapMs, BaseMs × 2^(n−1))</c> ("full jitter", so many clients
/// retrying at once spread out). A success ends the failure streak; the attempt counter starts again from the first
/// wait only once the handler has been healthy for <see cref="BackoffConfig.ResetAfterMs"/>, so a peer that accepts
/// and then drops every connection does not get hammered at the shortest wait.</para>
/// <para>One owner (a handler's worker) reports outcomes; other threads may read the state (health checks).</para>
/// </remarks>
public sealed class Backoff
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private int _attempts;
    private long _failingSince = NotSet; // timestamps of _time
    private long _healthySince = NotSet;
    private long _nextAttemptAt = NotSet;
    private const long NotSet = long.MinValue;

    /// <summary>Creates a schedule.</summary>
    /// <param name="config">The timings (validated here).</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="random">The jitter source; default <see cref="Random.Shared"/> (tests pass a seeded one).</param>
    /// <exception cref="HandlerConfigException"><c>BaseMs &gt; CapMs</c>.</exception>
    public Backoff(BackoffConfig config, TimeProvider? timeProvider = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    /// <summary>The timings.</summary>
    public BackoffConfig Config { get; }

    /// <summary>Consecutive failed attempts counting towards the wait (reset after a healthy period).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>True from a failure until the next success.</summary>
    public bool IsFailing => Volatile.Read(ref _failingSince) != NotSet;

    /// <summary>How long the current failure streak has lasted (zero when not failing).</summary>
    public TimeSpan FailingFor => Volatile.Read(ref _failingSince) is var since && since != NotSet ? _time.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>True when failures have gone on for <see cref="BackoffConfig.DeadlineMs"/> or longer without a
    /// success: the owner should drop (and count) what it holds rather than keep it, and keep trying.</summary>
    public bool DeadlinePassed => IsFailing && FailingFor >= Config.Deadline;

    /// <summary>How long until the next attempt may start; zero when it may start now.</summary>
    public TimeSpan RetryIn
    {
        get
        {
            long at = Volatile.Read(ref _nextAttemptAt);
            if (at == NotSet) return TimeSpan.Zero;
            var left = _time.GetElapsedTime(_time.GetTimestamp(), at);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Records a failed attempt and schedules the next one.</summary>
    /// <param name="atLeast">A wait the peer asked for (HTTP <c>Retry-After</c>): honoured in full, even past the cap.</param>
    /// <returns>The wait before the next attempt.</returns>
    public TimeSpan Failed(TimeSpan? atLeast = null)
    {
        long now = _time.GetTimestamp();
        long healthy = Volatile.Read(ref _healthySince);
        if (healthy != NotSet && _time.GetElapsedTime(healthy, now) >= Config.ResetAfter) Volatile.Write(ref _attempts, 0);
        Volatile.Write(ref _healthySince, NotSet);
        if (Volatile.Read(ref _failingSince) == NotSet) Volatile.Write(ref _failingSince, now);
        int attempt = Math.Min(_attempts + 1, 62);
        Volatile.Write(ref _attempts, attempt);
        var delay = Delay(Config, attempt, _random.NextDouble());
        if (atLeast is { } floor && floor > delay) delay = floor;
        Volatile.Write(ref _nextAttemptAt, now + (long)(delay.TotalSeconds * _time.TimestampFrequency));
        return delay;
    }

    /// <summary>Records a successful attempt (a write delivered, a request accepted): the failure streak ends and
    /// the next attempt may start at once. The attempt counter resets once the handler has stayed healthy for
    /// <see cref="BackoffConfig.ResetAfterMs"/> (checked at the next failure).</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _healthySince) == NotSet) Volatile.Write(ref _healthySince, _time.GetTimestamp());
        Volatile.Write(ref _failingSince, NotSet);
        Volatile.Write(ref _nextAttemptAt, NotSet);
    }

    /// <summary>The health of a handler that delivers through this backoff: Unhealthy while attempts fail (naming
    /// <paramref name="target"/>, <paramref name="lastError"/> and what happens to records meanwhile: <paramref
    /// name="whileFailing"/>, or that they are dropped once past the deadline); Degraded, saying it recovered, where
    /// <paramref name="current"/> (the handler's health from its counters) is still Unhealthy; otherwise
    /// <paramref name="current"/>.</summary>
    public HandlerHealth Judge(HandlerHealth current, string target, string? lastError, string whileFailing)
    {
        if (IsFailing)
        {
            string state = DeadlinePassed ? "dropping records (past the backoff deadline)" : whileFailing;
            return new(HealthStatus.Unhealthy, $"cannot deliver to {target}: {lastError}; {state}");
        }
        return current.Status == HealthStatus.Unhealthy
            ? new(HealthStatus.Degraded, $"delivering to {target} again after: {lastError}")
            : current;
    }

    /// <summary>The wait after the <paramref name="attempt"/>-th consecutive failure for a jitter draw
    /// <paramref name="unit"/> in [0, 1): <c>BaseMs + unit × (min(CapMs, BaseMs × 2^(attempt−1)) − BaseMs)</c>.</summary>
    public static TimeSpan Delay(BackoffConfig config, int attempt, double unit)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        if (unit is < 0 or >= 1 || double.IsNaN(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "The jitter draw must be in [0, 1).");
        double ceiling = Math.Min(config.CapMs, config.BaseMs * Math.Pow(2, Math.Min(attempt - 1, 62)));
        return TimeSpan.FromMilliseconds(config.BaseMs + unit * Math.Max(0, ceiling - config.BaseMs));
    }
}
