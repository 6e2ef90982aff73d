namespace Femto.Handlers;

/// <summary>How a network handler retries: exponential backoff with full jitter between <see cref="BaseMs"/> and
/// <see cref="CapMs"/>, the attempt counter reset once a connection has stayed healthy <see cref="ResetAfterMs"/>,
/// and queued records dropped (and counted) after <see cref="DeadlineMs"/> of continuous failure. Used by
/// <see cref="Backoff"/>.</summary>
/// <remarks>Defaults are femtologging's: 100 ms, 5 s, 30 s, 2 min. Each value must be positive (setting zero or a
/// negative value throws <see cref="ArgumentOutOfRangeException"/> naming it); <see cref="Validate"/> rejects
/// <c>BaseMs &gt; CapMs</c>.</remarks>
public sealed record BackoffConfig
{
    private readonly int _baseMs = 100;
    private readonly int _capMs = 5_000;
    private readonly int _resetAfterMs = 30_000;
    private readonly int _deadlineMs = 120_000;

    /// <summary>The shortest wait between attempts, in milliseconds (the first retry waits this long). <remarks>Default: 100.</remarks></summary>
    public int BaseMs { get => _baseMs; init => _baseMs = Positive(value, nameof(BaseMs)); }

    /// <summary>The longest wait between attempts, in milliseconds. <remarks>Default: 5,000.</remarks></summary>
    public int CapMs { get => _capMs; init => _capMs = Positive(value, nameof(CapMs)); }

    /// <summary>How long a connection must stay healthy before the attempt counter starts again from the first
    /// (short) wait, in milliseconds. <remarks>Default: 30,000.</remarks></summary>
    public int ResetAfterMs { get => _resetAfterMs; init => _resetAfterMs = Positive(value, nameof(ResetAfterMs)); }

    /// <summary>After this long of continuous failure, in milliseconds, what is queued is dropped and counted
    /// rather than kept; attempts go on. <remarks>Default: 120,000.</remarks></summary>
    public int DeadlineMs { get => _deadlineMs; init => _deadlineMs = Positive(value, nameof(DeadlineMs)); }

    /// <summary><see cref="BaseMs"/> as a time span.</summary>
    public TimeSpan Base => TimeSpan.FromMilliseconds(BaseMs);

    /// <summary><see cref="CapMs"/> as a time span.</summary>
    public TimeSpan Cap => TimeSpan.FromMilliseconds(CapMs);

    /// <summary><see cref="ResetAfterMs"/> as a time span.</summary>
    public TimeSpan ResetAfter => TimeSpan.FromMilliseconds(ResetAfterMs);

    /// <summary><see cref="DeadlineMs"/> as a time span.</summary>
    public TimeSpan Deadline => TimeSpan.FromMilliseconds(DeadlineMs);

    /// <summary>Throws <see cref="HandlerConfigException"/> when the combination cannot work (<c>BaseMs &gt; CapMs</c>).</summary>
    public BackoffConfig Validate()
    {
        if (BaseMs > CapMs)
            throw new HandlerConfigException($"Backoff BaseMs ({BaseMs}) must not exceed CapMs ({CapMs}).");
        return this;
    }

    private static int Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (milliseconds).");
        return value;
    }
}
