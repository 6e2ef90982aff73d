namespace Femto;

/// <summary>The settings every queued handler has. Builders fill these and validate them on the caller's thread.</summary>
public sealed record HandlerSettings
{
    /// <summary>Default queue capacity: 1024 records.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>Queue capacity in records. <remarks>Default: 1024.</remarks></summary>
    public int Capacity { get; init; } = DefaultCapacity;

    /// <summary>What a producer does when the queue is full. <remarks>Default: <see cref="OverflowPolicy.Drop"/>.</remarks></summary>
    public OverflowPolicy OverflowPolicy { get; init; } = OverflowPolicy.Drop;

    /// <summary>Policies for particular levels, overriding <see cref="OverflowPolicy"/> (e.g. Error → Block).
    /// <remarks>Default: none.</remarks></summary>
    public IReadOnlyDictionary<FemtoLevel, OverflowPolicy>? LevelOverflowPolicies { get; init; }

    /// <summary>How long <see cref="FemtoHandler.Flush()"/> waits. <remarks>Default: 1 s.</remarks></summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Formats records; null uses <see cref="FemtoFormatters.Default"/>.</summary>
    public IFemtoFormatter? Formatter { get; init; }

    /// <summary>Records below this level are ignored by the handler. <remarks>Default: null (all levels).</remarks></summary>
    public FemtoLevel? MinimumLevel { get; init; }

    /// <summary>The clock the handler reads for idle flushes, rotation, backoff and rate limits; tests pass a
    /// <c>FakeTimeProvider</c>. <remarks>Default: <see cref="TimeProvider.System"/>.</remarks></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public HandlerSettings Validate()
    {
        if (Capacity <= 0) throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Capacity must be positive.");
        if (FlushTimeout <= TimeSpan.Zero && FlushTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(FlushTimeout), FlushTimeout, "The flush timeout must be positive.");
        ArgumentNullException.ThrowIfNull(OverflowPolicy);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (MinimumLevel is { } l) FemtoLevels.Validate(l, nameof(MinimumLevel));
        _ = OverflowPolicies.From(OverflowPolicy, LevelOverflowPolicies);
        return this;
    }
}
