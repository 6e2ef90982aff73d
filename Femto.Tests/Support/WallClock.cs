namespace Femto.Tests.Support;

/// <summary>A wall clock that a test can set anywhere, backwards included (FakeTimeProvider only moves forward),
/// as when NTP steps the system clock back.</summary>
public sealed class WallClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    /// <summary>The time the clock shows.</summary>
    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
