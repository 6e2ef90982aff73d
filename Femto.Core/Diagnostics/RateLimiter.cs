namespace Femto;

/// <summary>Allows an action at most once per interval (default one second). Thread-safe.</summary>
internal sealed class RateLimiter(long intervalMs = 1000)
{
    private long _nextAllowed = long.MinValue;

    /// <summary>When (Environment.TickCount64) the next action is allowed.</summary>
    public long NextAllowed => Volatile.Read(ref _nextAllowed);

    public bool TryAcquire()
    {
        long now = Environment.TickCount64;
        long next = Volatile.Read(ref _nextAllowed);
        return now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + intervalMs, next) == next;
    }
}
